/*
** jac/fwd_helper: jacfwd through helpers that return a value carrying a
** derivative, stored straight into an array element (y[i] = sq(x[i]): no
** temporary of the caller's own), with n = 11 inputs, so one vector sweep
** carries 8 columns and a second one the other 3:
**     y_i = sq(x_i) + x_{i+1 mod n} * scale(x_i, x_{i+2 mod n})
**            + t_{i+3 mod n},  t = squares(x) (a helper returning what it allocates)
**     sq(u) = u^2,  scale(u, v) = u / (1 + v^2)    (both by value)
** The tangent of each helper's result must land in its own lane: with one
** tangent slot shared by the 8 lanes, every column of a sweep gets the last
** lane's. Oracles: the closed form (ORACLE_RTOL_EXACT), central differences
** column by column (ORACLE_RTOL_FD, floor oracle_fd_atol(|y|_inf)),
** jacfwd = jacrev to rounding, and the y both leave equals f's.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static double sq(double u)
{
    return u * u;
}

static double scale(double u, double v)
{
    return u / (1.0 + v * v);
}

/* returns memory it allocates: its derivative comes back for every direction */
static double *squares(const double *x, int n)
{
    double *t = malloc((size_t)n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = x[i] * x[i];
    return t;
}

void f(const double *x, double *y, int n)
{
    double *t = squares(x, n);
    for (int i = 0; i < n; i++) {
        y[i] = sq(x[i]);
        y[i] += x[(i + 1) % n] * scale(x[i], x[(i + 2) % n]) + t[(i + 3) % n];
    }
    free(t);
}

#pragma ad jacfwd(f) wrt(x[n]) out(y[n])
#pragma ad jacrev(f) wrt(x[n]) out(y[n])

#include "fwd_helper.ad.h"

#define N 11

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    f(x, y, N);
}

int main(void)
{
    double x[N], y0[N], y[N], jf[N * N], jr[N * N], want[N * N], fd[N * N], e[N], col[N];
    OracleRng rng = oracle_rng(11);
    oracle_fill_uniform(&rng, x, N, -1.5, 1.5);
    f(x, y0, N);

    memset(want, 0, sizeof want);
    for (int i = 0; i < N; i++) {
        int a = (i + 1) % N, b = (i + 2) % N;
        double d = 1.0 + x[b] * x[b];
        want[i * N + i] += 2.0 * x[i] + x[a] / d;
        want[i * N + a] += x[i] / d;
        want[i * N + b] += -x[a] * x[i] * 2.0 * x[b] / (d * d);
        want[i * N + (i + 3) % N] += 2.0 * x[(i + 3) % N];
    }
    for (int j = 0; j < N; j++) {
        for (int k = 0; k < N; k++)
            e[k] = k == j;
        oracle_fd_jvp(f_flat, NULL, N, N, x, e, col);
        for (int i = 0; i < N; i++)
            fd[i * N + j] = col[i];
    }

    f_jacfwd(x, y, N, jf);
    CHECK_VEC_CLOSE("f_jacfwd: y is f's", y, y0, N, 0.0, 0.0);
    f_jacrev(x, y, N, jr);
    CHECK_VEC_CLOSE("f_jacrev: y is f's", y, y0, N, 0.0, 0.0);
    CHECK_VEC_CLOSE("jacfwd closed form", jf, want, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("jacrev closed form", jr, want, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("jacfwd vs FD", jf, fd, N * N, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(y0, N)));
    CHECK_VEC_CLOSE("jacfwd = jacrev", jf, jr, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
