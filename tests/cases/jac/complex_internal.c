/*
** jac/complex_internal: a real function R^n -> R^n that computes with
** complex locals inside (a field from z = x_i + i x_{i+1}: csqrt, cpow,
** cabs, division by a complex number). jacfwd then runs its widened
** sweep (several directions per sweep: complex tangents in lanes,
** double complex z_dot[W]); jacrev its reverse sweeps. Oracles: central
** differences of the function (ORACLE_RTOL_FD), jacrev == jacfwd.
*/
#include <complex.h>
#include <math.h>
#include <string.h>

#include "ccad_oracle.h"

#define N 5

void field(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++) {
        double complex z = x[i] + I * x[(i + 1) % n];
        double complex w = csqrt(z * z + 1.0) / (z - 2.0 * I);
        y[i] = creal(w) + cabs(w) * cimag(cpow(z, 2.5));
    }
}

#pragma ad jacfwd(field) wrt(x[n]) out(y[n])
#pragma ad jacrev(field) wrt(x[n]) out(y[n])

#include "complex_internal.ad.h"

static void field_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    field(x, y, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(13);
    double x[N], y[N], y0[N], jf[N * N], jr[N * N], fd[N * N], col[N], e[N];
    oracle_fill_uniform(&rng, x, N, 0.2, 1.0);
    field(x, y0, N);
    field_jacfwd(x, y, N, jf);
    CHECK_VEC_CLOSE("jacfwd primal", y, y0, N, 1e-15, 0);
    for (int j = 0; j < N; j++) {
        memset(e, 0, sizeof e);
        e[j] = 1.0;
        oracle_fd_jvp(field_flat, NULL, N, N, x, e, col);
        for (int i = 0; i < N; i++)
            fd[i * N + j] = col[i];
    }
    CHECK_VEC_CLOSE("jacfwd vs FD", jf, fd, N * N, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(y0, N)));
    field_jacrev(x, y, N, jr);
    CHECK_VEC_CLOSE("jacrev == jacfwd", jr, jf, N * N, 1e-13, 1e-14);
    return oracle_result();
}
