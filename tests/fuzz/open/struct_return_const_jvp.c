/* OPEN (probe5): generated code does not compile (jvp, jacfwd; forward
** mode of a function returning a struct). When a `return` of a helper
** that returns a struct by value returns a value with no tangent (a local
** struct initialised with constants, or a ?: whose arm is a constant
** struct), the tangent code assigns a double zero to the struct shadow:
**   stats_jvp: Acc z = {0, 0}; *ret_dot = 0.0; return z;
**   error: incompatible types when assigning to type 'Acc' from type 'double'
** and for `return n > 0 ? a : zero;` (zero a static const Acc):
**   error: type mismatch in conditional expression   (a_dot : 0.0)
** and for a constant struct inside an initializer list,
**   Pair p = {{zero, (Acc){x[i], 1.0}}, x[i + 1], i};   gives
**   Pair p_dot = {{0.0, lit_dot}, x_dot[i + 1], 0};
**   error: incompatible types when initializing type 'double' using type 'Acc'
** Expected: a zero struct ((Acc){0} or a zeroed temporary). grad, vjp and
** hessian of the same code compile and are right. Found with a recursive
** pairwise sum returning Acc {s, q} (n == 0 base case), hessian/grad fine.
** Where: tool/transform/build.c d_zero() knows only float, pointer, int and
** double; tangent.c ST_RETURN (d_or_zero(d, ret type)) and the ?: rule
** (tangent.c:117, d_or_zero(a, e->type)) hit it with a struct type.
**   build/tool/cc-ad -o /tmp/s.ad.c tests/fuzz/open/struct_return_const_jvp.c &&
**   gcc -std=c11 -O2 -Wall -Wextra -Werror -I include -c /tmp/s.ad.c        */
typedef struct { double s, q; } Acc;

static const Acc zero = {0, 0};

static Acc stats(const double *x, int n)
{
    if (n == 0) {
        Acc z = {0, 0};
        return z;
    }
    Acc a = {x[0], x[0] * x[0]};
    return n > 1 ? a : zero;
}

typedef struct { Acc a[2]; double w; } Pair;

static Pair mk(const double *x, int i)
{
    Pair p = {{zero, (Acc){x[i], 1.0}}, x[i + 1]};
    return p;
}

double obj(const double *x, int n)
{
    Acc a = stats(x, n);
    Pair p = mk(x, 0);
    return a.q + a.s + p.a[1].s * p.w;
}

#pragma ad jvp(obj) wrt(x[n])
#pragma ad jacfwd(obj) wrt(x[n])
