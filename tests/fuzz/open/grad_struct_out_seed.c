/* OPEN (probe5): generated code does not compile (grad with a struct
** output pointer). grad(f) wrt(x[2]) out(out[1]) where out is `S *` for
** struct S { double a; int n; } (one floating field: a single scalar
** output) is accepted (exit 0) and gives
**   S out_seed[1] = {1.0};  ...  x_bar[0] += out_seed.a * x[1];
**   error: missing initializer for field 'n' / missing braces
**   error: '(S *)&out_seed' is a pointer; did you mean to use '->'?
** With struct Vec { double *v; double scale; int n; } (the data behind a
** pointer, not a scalar) it is accepted too and gives
**   Vec out_seed[1] = {1.0};  (incompatible types for double *v)
** Expected: either the seed 1 on the one floating field (out_seed[0].a =
** 1.0, uses out_seed[0].a or out_seed->a), or the error a grad request
** gives whenever its output is not a single scalar (contract section 3).
** Where: the grad seed for an out(p[1]) pointer item (tool/transform,
** where out_seed is declared for grad): it assumes a floating element type.
**   build/tool/cc-ad -o /tmp/g.ad.c tests/fuzz/open/grad_struct_out_seed.c &&
**   gcc -std=c11 -O2 -Wall -Wextra -Werror -I include -c /tmp/g.ad.c       */
typedef struct { double a; int n; } S;

void f(const double *x, S *out)
{
    out->a = x[0] * x[1];
}

#pragma ad grad(f) wrt(x[2]) out(out[1])
