/*
** jac/compose_custom: every composition the manual lists through a call
** with custom rules whose hand-written derivatives are defined in this
** file. Forward over reverse (hessian, hvp, jvp(f_grad), jvp(f_vjp))
** differentiates my_softplus_vjp in forward mode, reverse over forward
** (grad(f_jvp), vjp(f_jvp)) differentiates my_softplus_jvp in reverse mode,
** as the manual says. Regression: under hessian and hvp the call of
** my_softplus_vjp was refused ("cc-ad cannot see its body") although its
** body is right here. The hand-written rules count their calls (a global
** counter, not a derivative), so the case also checks that the composed
** functions ran them rather than differentiating softplus itself.
** Oracles and tolerances: compose_checks.h.
*/
#include <math.h>

int softplus_rule_calls; /* calls of the hand-written rules (and of their derivatives) */

double softplus(double u)
{
    return log1p(exp(u));
}

/* the signatures jvp(softplus) and vjp(softplus) would have; the stable
 * sigmoid 1 / (1 + exp(-u)) */
double my_softplus_jvp(double u, double u_dot, double *ret_dot)
{
    softplus_rule_calls++;
    *ret_dot = u_dot / (1.0 + exp(-u));
    return softplus(u);
}

double my_softplus_vjp(double u, double *u_bar, double ret_bar)
{
    softplus_rule_calls++;
    *u_bar += ret_bar / (1.0 + exp(-u));
    return softplus(u);
}

#pragma ad custom_jvp(softplus, my_softplus_jvp)
#pragma ad custom_vjp(softplus, my_softplus_vjp)

double f(double a, const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        if (i % 2 == 0)
            s += softplus(a * x[i]) * x[(i + 1) % n];
        else
            s += x[i] * x[i] * a;
    }
    return s * s + softplus(s - a);
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

#include "compose_custom.ad.h"
#include "compose_checks.h"

int main(void)
{
    const ComposeFns fns = {f,         f_grad,     f_hessian, f_hvp_x, f_grad_jvp, f_grad_jvp_x, f_grad_jvp_a,
                            f_vjp_jvp, f_jvp_grad, f_jvp_vjp, f_grad_jacfwd, f_grad_vmap};
    const double x[CASE_N] = {0.3, -0.7, 1.1, 0.2, -0.4};
    double H[NZ * NZ], hv[CASE_N], rd;
    int before = softplus_rule_calls;
    f_hessian(0.8, x, CASE_N, H);
    CHECK_TRUE("hessian runs the hand-written vjp", softplus_rule_calls > before);
    before = softplus_rule_calls;
    f_hvp_x(0.8, x, x, hv, CASE_N);
    CHECK_TRUE("hvp runs the hand-written vjp", softplus_rule_calls > before);
    before = softplus_rule_calls;
    f_jvp_grad(0.8, H, 1.0, x, H + 1, x, CASE_N, &rd);
    CHECK_TRUE("grad(f_jvp) runs the hand-written jvp", softplus_rule_calls > before);
    return compose_checks(&fns, 1405);
}
