/*
** jac/compose_recursive: every composition the manual lists through
** recursive helpers: Horner's rule written recursively over a coefficient
** array, and a recursive refinement whose base case gets a value back
** through an out-pointer to a local (sq_to(t, &u)). Regressions: grad(f_jvp)
** did not compile ('t_2_dot_bar' undeclared): in a split helper the adjoint
** of a local whose address a call takes was declared in the backward sweep
** only, while the forward sweep passes its address to the callee's forward
** sweep (plain grad of f had the same error, 'u_bar' undeclared).
** Oracles and tolerances: compose_checks.h.
*/
#include <math.h>

static double horner(const double *c, int k, double t)
{
    if (k == 0)
        return c[0];
    return c[k] + t * horner(c, k - 1, t);
}

static void sq_to(double t, double *out)
{
    *out = t * t;
}

static double refine(double a, double t, int depth)
{
    if (depth == 0) {
        double u;
        sq_to(t, &u);
        return sin(u) + a;
    }
    return a * refine(a, 0.9 * t, depth - 1) + cos(t);
}

double f(double a, const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += refine(a, x[i], 3) * x[i];
    return s + horner(x, n - 1, 0.5 * a);
}

#pragma ad grad(f) wrt(a, x[n])
#pragma ad vjp(f) wrt(a, x[n])
#pragma ad jvp(f) wrt(a, x[n])
#pragma ad hessian(f) wrt(a, x[n])
#pragma ad hvp(f) wrt(x[n]) name(f_hvp_x)
#pragma ad jvp(f_grad) wrt(a, x[n]) out(a_bar[1], x_bar[n])
#pragma ad jvp(f_grad) wrt(x[n]) out(a_bar[1], x_bar[n]) name(f_grad_jvp_x)
#pragma ad jvp(f_grad) wrt(a) out(a_bar[1], x_bar[n]) name(f_grad_jvp_a)
#pragma ad jvp(f_vjp) wrt(a, x[n]) out(a_bar[1], x_bar[n])
#pragma ad grad(f_jvp) wrt(a, x[n]) out(ret_dot[1])
#pragma ad vjp(f_jvp) wrt(a, x[n]) out(ret_dot[1])
#pragma ad jacfwd(f_grad) wrt(a, x[n]) out(a_bar[1], x_bar[n])
#pragma ad vmap(f_grad) batch(a, a_bar[1], x[n], x_bar[n])

#include "compose_recursive.ad.h"
#include "compose_checks.h"

int main(void)
{
    const ComposeFns fns = {f,         f_grad,     f_hessian, f_hvp_x,       f_grad_jvp, f_grad_jvp_x, f_grad_jvp_a,
                            f_vjp_jvp, f_jvp_grad, f_jvp_vjp, f_grad_jacfwd, f_grad_vmap};
    return compose_checks(&fns, 1403);
}
