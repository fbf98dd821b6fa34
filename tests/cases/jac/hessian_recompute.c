/*
** jac/hessian_recompute: second derivatives (forward over reverse) of a
** function whose reverse sweep recomputes a scratch buffer instead of
** taping it (grad/recompute's shape: center() rewrites buf in every
** iteration). The Hessian's tangent code must differentiate the recompute
** call as well, or buf_dot is stale in the backward loop.
** Oracles: F_hessian against central differences of F_grad (h ~ 1e-6 |x|,
** error O(h^2) ~ 1e-10 relative: ORACLE_RTOL_FD), symmetry, and F_hvp
** equal to H v up to rounding.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define M 3
#define P 7

static void center(int m, const double *x, const double *mu, double *out)
{
    for (int i = 0; i < m; i++)
        out[i] = x[i] - mu[i];
}

static double sq(int m, const double *v)
{
    double s = 0.0;
    for (int i = 0; i < m; i++)
        s += v[i] * v[i];
    return s;
}

static const double pts[P * M] = {0.3, -0.2, 0.9,  -0.5, 0.4, 0.1,  0.8, 0.7, -0.6, -0.1, -0.9, 0.2,
                                  0.6, 0.0, -0.3,  0.2, 0.5, 0.5,  -0.7, 0.3, -0.8};

double F(const double *mu)
{
    double *buf = malloc(M * sizeof(double));
    double s = 0.0;
    for (int p = 0; p < P; p++) {
        center(M, &pts[p * M], mu, buf);
        s += log(1.0 + sq(M, buf)) * (1.0 + 0.1 * p);
    }
    free(buf);
    return s;
}

#pragma ad grad(F) wrt(mu[M])
#pragma ad hessian(F) wrt(mu[M])
#pragma ad hvp(F) wrt(mu[M])

#include "hessian_recompute.ad.h"

static void g_wrap(void *ctx, const double *x, double *g)
{
    (void)ctx;
    F_grad(x, g);
}

int main(void)
{
    const double mu[M] = {0.2, -0.1, 0.3};
    const double v[M] = {0.5, -1.0, 0.25};
    double g[M], H[M * M], Hfd[M * M], hv[M], Hv[M], e[M], col[M];

    F_grad(mu, g);
    F_hessian(mu, H);
    CHECK_TRUE("tape empty after F_hessian", ccad_tape_empty());
    for (int j = 0; j < M; j++) {
        for (int i = 0; i < M; i++)
            e[i] = i == j;
        oracle_fd_jvp(g_wrap, NULL, M, M, mu, e, col);
        for (int i = 0; i < M; i++)
            Hfd[i * M + j] = col[i];
    }
    CHECK_VEC_CLOSE("F_hessian vs central differences of F_grad", H, Hfd, M * M, ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(g, M)));
    for (int i = 0; i < M; i++)
        for (int j = 0; j < i; j++)
            CHECK_CLOSE("F_hessian symmetric", H[i * M + j], H[j * M + i], ORACLE_RTOL_EXACT, 1e-14);
    F_hvp(mu, v, hv);
    for (int i = 0; i < M; i++)
        Hv[i] = oracle_dot(&H[i * M], v, M);
    CHECK_VEC_CLOSE("F_hvp = H v", hv, Hv, M, ORACLE_RTOL_EXACT, 1e-14 * oracle_norm_inf(Hv, M));
    CHECK_TRUE("tape empty after F_hvp", ccad_tape_empty());
    return oracle_result();
}
