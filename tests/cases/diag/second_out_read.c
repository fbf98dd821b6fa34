// EXPECT-EXIT: 1
// EXPECT-DIAG: second_out_read
// EXPECT-STDERR: FILE:33:20: error: 'acc': the gradient that hessian differentiates reads back values that depend on the inputs through its output 'e'
// EXPECT-STDERR: FILE:34:16: error: 'acc': the gradient that hvp differentiates reads back values
// EXPECT-STDERR: FILE:35:20: error: 'horner': the gradient that hessian differentiates reads back values
/* hessian and hvp of an output listed in out(...) alone, that the
** gradient they differentiate reads back (its value on entry, *e +=
** x[i]^2 * *e, or what f stored there, e[0] = e[0] * x[i] + x[i]): the
** gradient's tangent sweep has no derivative storage for it. The message
** used to be the one for a parameter missing from the clauses ("list it
** ... as an output (out(e[n]))"), which it is. Listing it as an input too
** works (grad/inout_out_seed), as does energy, which only adds into its
** output. */
#include <math.h>

void acc(const double *x, int n, double *e)
{
    for (int i = 0; i < n; i++) *e += x[i] * x[i] * *e;
}

void horner(const double *x, int n, double *e)
{
    e[0] = 0.0;
    for (int i = 0; i < n; i++) e[0] = e[0] * x[i] + x[i];
}

void energy(const double *x, int n, double *e)
{
    e[0] = 0.0;
    for (int i = 0; i < n; i++) e[0] += sin(x[i]) * x[(i + 1) % n];
}

#pragma ad hessian(acc) wrt(x[n]) out(e[1])
#pragma ad hvp(acc) wrt(x[n]) out(e[1])
#pragma ad hessian(horner) wrt(x[n]) out(e[1])
#pragma ad hessian(energy) wrt(x[n]) out(e[1])
#pragma ad hessian(acc) wrt(x[n], e[1]) out(e[1]) name(acc_h2)
