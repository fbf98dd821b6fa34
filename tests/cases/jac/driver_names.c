/*
** jac/driver_names: parameters spelled like the names the Jacobian and
** Hessian drivers use for their own loops and buffers (q, j, sweep, lane,
** result, jac, d_x): the drivers rename them for themselves. Regression:
** with `int q` as the size of x, jacrev's gather loop `for (long q = 0;
** q < q; q++)` read its own counter, and f_jacrev returned without writing
** jac: silently wrong. Oracles: central differences of the functions
** (ORACLE_RTOL_FD, oracle_fd_atol of the values), jacfwd == jacrev and
** hvp == H v to rounding.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

void resid(int m, int q, const double *x, double *fvec, double j, double sweep)
{
    for (int i = 0; i < m; i++) {
        double s = 0.0;
        for (int k = 0; k < q; k++)
            s += sin((i + 1) * x[k]) * j;
        fvec[i] = s * sweep + x[i % q] * x[(i + 1) % q];
    }
}

double energy(const double *d_x, int lane, double result, double jac)
{
    double s = 0.0;
    for (int k = 0; k < lane; k++)
        s += cos(d_x[k] * result) * d_x[(k + 1) % lane];
    return s * s * jac + result * result;
}

#pragma ad jacfwd(resid) wrt(x[q], j) out(fvec[m])
#pragma ad jacrev(resid) wrt(x[q], j) out(fvec[m])
#pragma ad grad(energy) wrt(d_x[lane], result)
#pragma ad hessian(energy) wrt(d_x[lane], result)
#pragma ad hvp(energy) wrt(d_x[lane])

#include "driver_names.ad.h"

enum { M = 4, Q = 3 };

static void resid_flat(void *ctx, const double *z, double *y)
{
    (void)ctx;
    resid(M, Q, z, y, z[Q], 0.7);
}

static void energy_flat(void *ctx, const double *z, double *y)
{
    (void)ctx;
    y[0] = energy(z, Q, z[Q], 1.3);
}

static void energy_grad_flat(void *ctx, const double *z, double *g)
{
    (void)ctx;
    energy_grad(z, g, Q, z[Q], &g[Q], 1.3);
}

int main(void)
{
    double z[Q + 1] = {0.3, -0.8, 0.5, 1.1}, y[M], e[Q + 1], col[M + Q + 1];
    double Jf[M * (Q + 1)], Jr[M * (Q + 1)], Jfd[M * (Q + 1)];
    for (int i = 0; i < M * (Q + 1); i++)
        Jf[i] = Jr[i] = NAN;
    resid_flat(NULL, z, y);
    double fv[M];
    resid_jacfwd(M, Q, z, fv, z[Q], 0.7, Jf);
    CHECK_VEC_CLOSE("resid_jacfwd writes fvec", fv, y, M, 0.0, 0.0);
    resid_jacrev(M, Q, z, fv, z[Q], 0.7, Jr);
    CHECK_VEC_CLOSE("resid_jacrev writes fvec", fv, y, M, 0.0, 0.0);
    for (int jj = 0; jj <= Q; jj++) {
        for (int i = 0; i <= Q; i++)
            e[i] = i == jj;
        oracle_fd_jvp(resid_flat, NULL, Q + 1, M, z, e, col);
        for (int i = 0; i < M; i++)
            Jfd[i * (Q + 1) + jj] = col[i];
    }
    CHECK_VEC_CLOSE("jacfwd vs central differences", Jf, Jfd, M * (Q + 1), ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(y, M)));
    CHECK_VEC_CLOSE("jacrev = jacfwd", Jr, Jf, M * (Q + 1), 1e-12, 1e-14);

    enum { NE = Q + 1 };
    double H[NE * NE], Hfd[NE * NE], g[NE], gfd[NE], v[NE] = {0.4, -1.0, 0.25, 0.0}, hv[Q], Hv[NE];
    double e0 = energy(z, Q, z[Q], 1.3);
    energy_grad_flat(NULL, z, g);
    oracle_fd_grad(energy_flat, NULL, NE, z, gfd);
    CHECK_VEC_CLOSE("energy_grad vs central differences", g, gfd, NE, ORACLE_RTOL_FD, oracle_fd_atol(fabs(e0)));
    CHECK_CLOSE("energy_hessian returns energy", energy_hessian(z, Q, z[Q], 1.3, H), e0, 0.0, 0.0);
    for (int jj = 0; jj < NE; jj++) {
        for (int i = 0; i < NE; i++)
            e[i] = i == jj;
        oracle_fd_jvp(energy_grad_flat, NULL, NE, NE, z, e, col);
        for (int i = 0; i < NE; i++)
            Hfd[i * NE + jj] = col[i];
    }
    CHECK_VEC_CLOSE("energy_hessian vs central differences of energy_grad", H, Hfd, NE * NE, ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(g, NE)));
    CHECK_CLOSE("energy_hvp returns energy", energy_hvp(z, v, hv, Q, z[Q], 1.3), e0, 0.0, 0.0);
    for (int i = 0; i < NE; i++)
        Hv[i] = oracle_dot(&H[i * NE], v, NE);
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, Q, 1e-12, 1e-13);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
