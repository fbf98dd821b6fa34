/*
** jac/compose_order: a composed request may come before the request that
** makes the function it names (the pragmas in any order, as a user adds
** them): hvp through jvp(f_grad), and vmap(f_grad), written above
** grad(f). They used to fail with "unknown function 'f_grad'". Oracles:
** the Hessian-vector product against central differences of f_grad, and
** the batched gradient against f_grad per element, exactly.
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

#pragma ad jvp(f_grad) wrt(x[n]) out(x_bar[n])
#pragma ad vmap(f_grad) batch(x[n], x_bar[n])

double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += sin(x[i] * x[(i + 1) % n]) + 0.5 * x[i] * x[i] * x[i];
    return s;
}

#pragma ad grad(f) wrt(x[n])

#include "compose_order.ad.h"

enum { N = 5, B = 3 };

int main(void)
{
    OracleRng rng = oracle_rng(4);
    double x[N], v[N], g[N], hv[N], gp[N], gm[N], fd[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);
    f_grad_jvp(x, v, g, hv, N);
    /* H v by central differences of the gradient along v, h = 1e-6 */
    double xp[N], xm[N], h = 1e-6;
    for (int i = 0; i < N; i++) {
        xp[i] = x[i] + h * v[i];
        xm[i] = x[i] - h * v[i];
    }
    f_grad(xp, gp, N);
    f_grad(xm, gm, N);
    for (int i = 0; i < N; i++)
        fd[i] = (gp[i] - gm[i]) / (2 * h);
    CHECK_VEC_CLOSE("H v vs differences of f_grad", hv, fd, N, 1e-7, 1e-8);

    double xs[B * N], gs[B * N], ys[B], gb[N];
    oracle_fill_uniform(&rng, xs, B * N, -1.0, 1.0);
    f_grad_vmap(B, xs, gs, N, ys);
    for (int b = 0; b < B; b++) {
        double y = f_grad(xs + b * N, gb, N);
        CHECK_CLOSE("vmap(f_grad) value", ys[b], y, 0, 0);
        CHECK_VEC_CLOSE("vmap(f_grad) gradient", gs + b * N, gb, N, 0, 0);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
