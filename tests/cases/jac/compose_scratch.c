/*
** jac/compose_scratch: every composition the manual lists through a helper
** that works in a malloc'd scratch buffer (llm.c style: allocate, fill,
** reduce, free), called in a loop, from a function that keeps a calloc'd
** buffer of its own. Regression: in hessian and hvp the helper's forward
** sweep allocates the scratch buffer's adjoint t_bar, which only its
** backward sweep accumulates into; the forward-over-reverse code pushed a
** NULL tangent for it and the backward sweep wrote through it (segfault).
** Oracles and tolerances: compose_checks.h.
*/
#include <math.h>
#include <stdlib.h>

static double energy(const double *x, int n, double a)
{
    double *t = malloc((size_t)n * sizeof(double));
    for (int i = 0; i < n; i++)
        t[i] = sin(a * x[i]) * x[(i + 1) % n];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += t[i] * t[i];
    free(t);
    return s;
}

double f(double a, const double *x, int n)
{
    double *w = calloc((size_t)n, sizeof(double));
    for (int i = 0; i < n; i++)
        w[i] = x[i] * x[i] + a;
    double s = 0.0;
    for (int k = 0; k < 3; k++)
        s += energy(w, n, a * (k + 1)) / (k + 1);
    s += a * w[0] * x[n - 1];
    free(w);
    return s;
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

#include "compose_scratch.ad.h"
#include "compose_checks.h"

int main(void)
{
    const ComposeFns fns = {f,         f_grad,     f_hessian, f_hvp_x, f_grad_jvp, f_grad_jvp_x, f_grad_jvp_a,
                            f_vjp_jvp, f_jvp_grad, f_jvp_vjp, f_grad_jacfwd, f_grad_vmap};
    return compose_checks(&fns, 1402);
}
