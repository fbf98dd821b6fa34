/*
** jac/fwd_inplace: jacfwd through a helper that updates a local array in
** place (p[j] = 2 p[j], then a running sum), the way an in-place kernel is
** written:
**     p_j = x_j x_{j+1}  (j < 4);  double_cumsum(p, 4): p_j <- 2 sum_{k<=j} p_k
**     y_i = p_{i mod 4} + sin(x_i)                      (n = 10 inputs)
** h: a local array filled by an inactive helper, then partly overwritten.
** The helper must run once per vector sweep, as f does, not once per lane:
** run 8 times its primal doubles p 8 times over. Oracles: y left by
** f_jacfwd equals f's (the primal runs once), the closed form
** (ORACLE_RTOL_EXACT), central differences (ORACLE_RTOL_FD), jacfwd =
** jacrev to rounding.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static void double_cumsum(double *p, int m)
{
    for (int j = 0; j < m; j++)
        p[j] = 2.0 * p[j];
    for (int j = 1; j < m; j++)
        p[j] += p[j - 1];
}

void f(const double *x, double *y, int n)
{
    double p[4];
    for (int j = 0; j < 4; j++)
        p[j] = x[j] * x[j + 1];
    double_cumsum(p, 4);
    for (int i = 0; i < n; i++)
        y[i] = p[i % 4] + sin(x[i]);
}

/* h: a local array filled by a function without derivatives, then partly
** overwritten: the derivatives of the elements it filled are 0 */
static void fill_ones(double *a, int m)
{
    for (int j = 0; j < m; j++)
        a[j] = 1.0;
}

#pragma ad inactive(fill_ones)

void h(const double *x, double *y, int n)
{
    double a[4];
    fill_ones(a, 4);
    a[1] = x[0] * x[1];
    for (int i = 0; i < n; i++)
        y[i] = a[i % 4] * x[i];
}

#pragma ad jacfwd(f) wrt(x[n]) out(y[n])
#pragma ad jacrev(f) wrt(x[n]) out(y[n])
#pragma ad jacfwd(h) wrt(x[n]) out(y[n])

#include "fwd_inplace.ad.h"

#define N 10

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    f(x, y, N);
}

int main(void)
{
    double x[N], y0[N], y[N], jf[N * N], jr[N * N], want[N * N], fd[N * N], e[N], col[N];
    OracleRng rng = oracle_rng(7);
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    f(x, y0, N);

    /* y_i = 2 sum_{k <= i mod 4} x_k x_{k+1} + sin(x_i) */
    memset(want, 0, sizeof want);
    for (int i = 0; i < N; i++) {
        for (int k = 0; k <= i % 4; k++) {
            want[i * N + k] += 2.0 * x[k + 1];
            want[i * N + k + 1] += 2.0 * x[k];
        }
        want[i * N + i] += cos(x[i]);
    }
    for (int j = 0; j < N; j++) {
        for (int k = 0; k < N; k++)
            e[k] = k == j;
        oracle_fd_jvp(f_flat, NULL, N, N, x, e, col);
        for (int i = 0; i < N; i++)
            fd[i * N + j] = col[i];
    }

    f_jacfwd(x, y, N, jf);
    CHECK_VEC_CLOSE("f_jacfwd: y is f's (the helper ran once)", y, y0, N, ORACLE_RTOL_EXACT, 0.0);
    f_jacrev(x, y, N, jr);
    CHECK_VEC_CLOSE("f_jacrev: y is f's", y, y0, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("jacfwd closed form", jf, want, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("jacrev closed form", jr, want, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("jacfwd vs FD", jf, fd, N * N, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(y0, N)));
    CHECK_VEC_CLOSE("jacfwd = jacrev", jf, jr, N * N, ORACLE_RTOL_EXACT, 1e-15);

    /* h: y_i = a_{i mod 4} x_i with a = (1, x0 x1, 1, 1) */
    double hw[N * N];
    memset(hw, 0, sizeof hw);
    for (int i = 0; i < N; i++) {
        hw[i * N + i] = i % 4 == 1 ? x[0] * x[1] : 1.0;
        if (i % 4 == 1) {
            hw[i * N + 0] += x[1] * x[i];
            hw[i * N + 1] += x[0] * x[i];
        }
    }
    h(x, y0, N);
    h_jacfwd(x, y, N, jf);
    CHECK_VEC_CLOSE("h_jacfwd: y is h's", y, y0, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("h_jacfwd closed form (filled elements: 0)", jf, hw, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
