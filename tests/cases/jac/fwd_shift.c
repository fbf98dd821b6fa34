/*
** jac/fwd_shift: jacfwd of f2c/MINPACK-style code that shifts its pointer
** parameters for 1-based indexing (--x; --fvec;), both as the requested
** function and as a helper called from another one. Residuals of the
** extended Rosenbrock-like system (n = 10):
**     fvec_i = 10 (x_{i+1} - x_i^2)    (odd i, 1-based)
**     fvec_i = 1 - x_{i-1}             (even i)
** plus a coupling term so every column has several entries:
**     fvec_i += 0.1 x_i x_{i mod n + 1}
** The shift belongs to the callee's copy of the pointers: the derivative
** pointers of all directions must be shifted in the callee only, not in
** the caller (which would then read before its buffers and free the wrong
** pointers). Oracles: the closed form (ORACLE_RTOL_EXACT), central
** differences (ORACLE_RTOL_FD), jacfwd = jacrev, fvec equals fcn's.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

void fcn(int n, const double *x, double *fvec)
{
    int i;

    /* Parameter adjustments */
    --fvec;
    --x;

    for (i = 1; i <= n; i += 2) {
        fvec[i] = 10.0 * (x[i + 1] - x[i] * x[i]);
        fvec[i + 1] = 1.0 - x[i];
    }
    for (i = 1; i <= n; ++i)
        fvec[i] += 0.1 * x[i] * x[i % n + 1];
}

/* the same residuals, scaled, through fcn as a helper */
void resid(int n, const double *x, double *fvec, double s)
{
    fcn(n, x, fvec);
    for (int i = 0; i < n; i++)
        fvec[i] *= s;
}

#pragma ad jacfwd(fcn) wrt(x[n]) out(fvec[n])
#pragma ad jacrev(fcn) wrt(x[n]) out(fvec[n])
#pragma ad jacfwd(resid) wrt(x[n]) out(fvec[n])

#include "fwd_shift.ad.h"

#define N 10

static void fcn_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    fcn(N, x, y);
}

int main(void)
{
    double x[N], y0[N], y[N], jf[N * N], jr[N * N], js[N * N], want[N * N], fd[N * N], e[N], col[N];
    OracleRng rng = oracle_rng(10);
    oracle_fill_uniform(&rng, x, N, -1.2, 1.2);
    fcn(N, x, y0);

    /* 0-based: row i (even) = 10 (x_{i+1} - x_i^2), row i+1 = 1 - x_i; row k += 0.1 x_k x_{(k+1) mod n} */
    memset(want, 0, sizeof want);
    for (int i = 0; i < N; i += 2) {
        want[i * N + i + 1] += 10.0;
        want[i * N + i] += -20.0 * x[i];
        want[(i + 1) * N + i] += -1.0;
    }
    for (int k = 0; k < N; k++) {
        int a = (k + 1) % N;
        want[k * N + k] += 0.1 * x[a];
        want[k * N + a] += 0.1 * x[k];
    }
    for (int j = 0; j < N; j++) {
        for (int k = 0; k < N; k++)
            e[k] = k == j;
        oracle_fd_jvp(fcn_flat, NULL, N, N, x, e, col);
        for (int i = 0; i < N; i++)
            fd[i * N + j] = col[i];
    }

    fcn_jacfwd(N, x, y, jf);
    CHECK_VEC_CLOSE("fcn_jacfwd: fvec is fcn's", y, y0, N, 0.0, 0.0);
    fcn_jacrev(N, x, y, jr);
    CHECK_VEC_CLOSE("fcn_jacrev: fvec is fcn's", y, y0, N, 0.0, 0.0);
    CHECK_VEC_CLOSE("jacfwd closed form", jf, want, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("jacrev closed form", jr, want, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("jacfwd vs FD", jf, fd, N * N, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(y0, N)));
    CHECK_VEC_CLOSE("jacfwd = jacrev", jf, jr, N * N, ORACLE_RTOL_EXACT, 1e-15);

    resid_jacfwd(N, x, y, 0.5, js);
    for (int i = 0; i < N; i++)
        y0[i] *= 0.5;
    for (int i = 0; i < N * N; i++)
        want[i] *= 0.5;
    CHECK_VEC_CLOSE("resid_jacfwd: fvec is resid's", y, y0, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("resid_jacfwd closed form", js, want, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
