/*
** jac/compose_helpers: every composition the manual lists, through helpers
** called in loops and in the arms of branches, as real code is written: a
** weight helper that depends on a alone (so under jvp(f_grad) wrt(x) its
** forward sweep has no active argument while its backward sweep has), a
** helper accumulating through an out-pointer, a gather helper called twice
** per iteration, a helper given a pointer into x. Regressions:
** f_grad_jvp_x called the weight helper's primal forward sweep, which
** pushes each value once, while the differentiated backward sweep popped a
** value and its tangent: "tape underflow: ccad_pop_d on an empty double
** tape"; f_grad_jvp_a (x held fixed) was refused: f_grad pops the pointer
** xi it pushed, and activity took what comes off the tape for data that
** depends on a, so x "needed derivative storage". Oracles and tolerances:
** compose_checks.h (Hessian against central differences of f_grad, hvp
** against a difference of f_grad along v, compositions against H).
*/
#include <math.h>

static double weight(double a, double t)
{
    double u = sin(a * t);
    return u * u + 0.5;
}

static void accum(double *s, double w, double xi)
{
    *s += w * xi * xi;
}

static double pair(const double *x, int i, int n)
{
    return x[i] * cos(x[(i + 1) % n]);
}

static double damp(const double *u, double a)
{
    return u[0] * sin(a * u[0]);
}

double f(double a, const double *x, int n)
{
    double s = 0.0, p = 0.0;
    for (int i = 0; i < n; i++) {
        double w = weight(a, 0.3 * (i + 1));
        if (i % 2 == 0)
            accum(&s, w, x[i]);
        else
            s += w * pair(x, i, n);
        p += pair(x, i, n) * a;
    }
    for (int i = 0; i + 2 <= n; i += 2) { /* pairs */
        const double *xi = x + i;
        p += damp(xi, a) * xi[1];
    }
    return s * p + log(1.0 + s * s);
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

#include "compose_helpers.ad.h"
#include "compose_checks.h"

int main(void)
{
    const ComposeFns fns = {f,         f_grad,     f_hessian, f_hvp_x, f_grad_jvp, f_grad_jvp_x, f_grad_jvp_a,
                            f_vjp_jvp, f_jvp_grad, f_jvp_vjp, f_grad_jacfwd, f_grad_vmap};
    return compose_checks(&fns, 1401);
}
