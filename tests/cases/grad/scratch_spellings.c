/*
** grad/scratch_spellings: a scratch buffer of known size that a helper
** fills and then increments (gradbench's Qtimesx: out[i] = ..., then
** out[j] += ... for j > i) is saved once per call in the caller, however
** its allocation is spelled: with or without a cast of malloc's result,
** calloc, sizeof(double) or sizeof *q, either order of the product, size_t
** or unsigned conversions, the length in a local. Before, a cast made the
** helper keep every overwritten element (n(n-1)/2 values per call instead
** of n). Each buffer is rewritten in every repetition, so a save dropped
** wrongly shows in the differences; the tape check below shows the saves
** that are dropped.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty, ccad_tape_peak_bytes */
#include "ccad_oracle.h"

#define REPS 20

static void qx(int d, const double *x, const double *v, double *out)
{
    for (int i = 0; i < d; i++)
        out[i] = x[i] * v[i];
    for (int i = 0; i < d; i++)
        for (int j = i + 1; j < d; j++)
            out[j] += 0.1 * x[j - i] * v[i];
}

/* the body every spelling shares: v and q are rewritten in every repetition */
#define BODY                                                  \
    double s = 0.0;                                           \
    for (int r = 0; r < REPS; r++) {                          \
        for (int i = 0; i < n; i++)                           \
            v[i] = sin(x[i] + 0.1 * r);                       \
        qx(n, x, v, q);                                       \
        for (int i = 0; i < n; i++)                           \
            s += q[i] * q[i];                                 \
    }                                                         \
    free(v);                                                  \
    free(q);                                                  \
    return s;

double cast_mul(const double *x, int n)
{
    double *v = (double *)malloc(n * sizeof(double));
    double *q = (double *)malloc(n * sizeof(double));
    BODY
}

double sizeof_first(const double *x, int n)
{
    double *v = malloc(sizeof(double) * n);
    double *q = (double *)malloc(sizeof(double) * (size_t)n);
    BODY
}

double cast_calloc(const double *x, int n)
{
    double *v = (double *)calloc(n, sizeof(double));
    double *q = (double *)calloc((size_t)n, sizeof *q);
    BODY
}

double sizeof_expr(const double *x, int n)
{
    double *v = malloc((size_t)n * sizeof *v);
    double *q;
    q = (double *)(malloc(n * sizeof *q));
    BODY
}

double local_len(const double *x, int n)
{
    size_t len = (unsigned)n;
    double *v = (double *)malloc(len * sizeof(double));
    double *q = (double *)malloc(sizeof(double) * len);
    BODY
}

#pragma ad grad(cast_mul) wrt(x[n])
#pragma ad vjp(cast_mul) wrt(x[n])
#pragma ad jvp(cast_mul) wrt(x[n])
#pragma ad grad(sizeof_first) wrt(x[n])
#pragma ad vjp(sizeof_first) wrt(x[n])
#pragma ad jvp(sizeof_first) wrt(x[n])
#pragma ad grad(cast_calloc) wrt(x[n])
#pragma ad vjp(cast_calloc) wrt(x[n])
#pragma ad jvp(cast_calloc) wrt(x[n])
#pragma ad grad(sizeof_expr) wrt(x[n])
#pragma ad vjp(sizeof_expr) wrt(x[n])
#pragma ad jvp(sizeof_expr) wrt(x[n])
#pragma ad grad(local_len) wrt(x[n])
#pragma ad vjp(local_len) wrt(x[n])
#pragma ad jvp(local_len) wrt(x[n])

#include "scratch_spellings.ad.h"

#define N 40

ORACLE_XN_WRAPPERS(cast_mul, N)
ORACLE_XN_WRAPPERS(sizeof_first, N)
ORACLE_XN_WRAPPERS(cast_calloc, N)
ORACLE_XN_WRAPPERS(sizeof_expr, N)
ORACLE_XN_WRAPPERS(local_len, N)

/* The tape's peak during one gradient: saving q whole before each call is
** REPS * N doubles (6.4 KB); keeping each overwritten element inside qx
** would be REPS * N (N + 1) / 2 doubles (131 KB). The runtime samples its
** peak when a tape changes its 64 KiB chunk, so the bound reads the bug. */
static void check_tape(const char *name, double (*g)(const double *, double *, int))
{
    double x[N], gx[N];
    for (int i = 0; i < N; i++)
        x[i] = 0.01 * i;
    ccad_tape_reset_peak();
    g(x, gx, N);
    size_t peak = ccad_tape_peak_bytes();
    char label[96];
    snprintf(label, sizeof label, "%s: peak tape %zu bytes <= %d", name, peak, 32 * 1024);
    CHECK_TRUE(label, peak <= 32 * 1024);
}

int main(void)
{
    OracleRng rng = oracle_rng(4242);
    ORACLE_XN_CHECKS(cast_mul, N, rng);
    ORACLE_XN_CHECKS(sizeof_first, N, rng);
    ORACLE_XN_CHECKS(cast_calloc, N, rng);
    ORACLE_XN_CHECKS(sizeof_expr, N, rng);
    ORACLE_XN_CHECKS(local_len, N, rng);
    check_tape("cast_mul", cast_mul_grad);
    check_tape("sizeof_first", sizeof_first_grad);
    check_tape("cast_calloc", cast_calloc_grad);
    check_tape("sizeof_expr", sizeof_expr_grad);
    check_tape("local_len", local_len_grad);
    return oracle_result();
}
