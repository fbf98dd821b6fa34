/*
** grad/alloc: jvp/alloc's heap scratch (malloc, calloc, free) and mem*
** functions on active buffers (memcpy, overlapping memmove, memset) in
** reverse mode: the adjoint buffers of the scratch arrays must be
** allocated, zeroed and freed, and memcpy/memmove/memset reversed.
** smooth: grad and vjp; copy_square (R^n -> R^n): vjp.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double smooth(const double *x, int n)
{
    double *w = malloc((size_t)n * sizeof *w);
    double *acc = calloc((size_t)n, sizeof *acc);
    double s = 0.0;
    memcpy(w, x, (size_t)n * sizeof *w);
    memmove(w + 1, w, (size_t)(n - 1) * sizeof *w); /* shift right by one */
    w[0] = x[n - 1];
    for (int i = 0; i < n; i++)
        acc[i] += w[i] * x[i];
    memset(w, 0, (size_t)n * sizeof *w);
    for (int i = 0; i < n; i++)
        w[i] += exp(0.1 * acc[i]);
    for (int i = 0; i < n; i++)
        s += w[i];
    free(w);
    free(acc);
    return s;
}

/* y = x squared, written through memcpy from a scratch copy; memmove
** shifts the first half of y left by one inside y itself. */
void copy_square(const double *x, double *y, int n)
{
    double *t = malloc((size_t)n * sizeof *t);
    memcpy(t, x, (size_t)n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] *= t[i];
    memcpy(y, t, (size_t)n * sizeof *y);
    memmove(y, y + 1, (size_t)(n / 2) * sizeof *y);
    free(t);
}

#pragma ad jvp(smooth) wrt(x[n])
#pragma ad vjp(smooth) wrt(x[n])
#pragma ad grad(smooth) wrt(x[n])
#pragma ad jvp(copy_square) wrt(x[n]) out(y[n])
#pragma ad vjp(copy_square) wrt(x[n]) out(y[n])

#include "alloc.ad.h"

#define N 9

static void smooth_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = smooth(x, N);
}

static void smooth_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = smooth_jvp(x, v, N, ydot);
}

static void smooth_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = smooth_vjp(x, xbar, N, w[0]);
    w[0] = 0.0;
}

static double smooth_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return smooth_grad(x, g, N);
}

static void cs_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    copy_square(x, y, N);
}

static void cs_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    copy_square_jvp(x, v, y, ydot, N);
}

static void cs_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    copy_square_vjp(x, xbar, y, w, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(9);
    double x[N];
    oracle_fill_uniform(&rng, x, N, -2.0, 2.0);
    OracleProblem ps = {.name = "smooth", .n = N, .m = 1, .f = smooth_flat, .jvp = smooth_jvp_flat,
                        .vjp = smooth_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_grad(&ps, NULL, x, smooth_grad_flat, N);
    oracle_check_vjp(&ps, NULL, x, &rng, 2, N);
    OracleProblem pc = {.name = "copy_square", .n = N, .m = N, .f = cs_flat, .jvp = cs_jvp_flat,
                        .vjp = cs_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_vjp(&pc, NULL, x, &rng, 2, N);

    /* closed form: smooth = sum_i exp(0.1 x_i x_{i-1}) */
    double g[N], want[N];
    for (int j = 0; j < N; j++) {
        int jm = (j + N - 1) % N, jp = (j + 1) % N;
        want[j] = 0.1 * exp(0.1 * x[j] * x[jm]) * x[jm] + 0.1 * exp(0.1 * x[jp] * x[j]) * x[jp];
    }
    smooth_grad(x, g, N);
    CHECK_VEC_CLOSE("smooth_grad closed form", g, want, N, ORACLE_RTOL_EXACT, 1e-14);
    return oracle_result();
}
