/*
** jvp/alloc: heap scratch buffers and the mem* functions on active data:
** malloc, calloc (zeroed, then accumulated into), realloc-free growth is
** not used; memcpy of an input into scratch and of scratch into an output,
** memmove with overlapping ranges, memset to zero an active buffer before
** it is refilled; free. The shadows of the scratch buffers must be
** allocated, copied, moved and zeroed alike.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
#pragma ad jvp(copy_square) wrt(x[n]) out(y[n])

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

int main(void)
{
    OracleRng rng = oracle_rng(9);
    double x[N], v[N];
    oracle_fill_uniform(&rng, x, N, -2.0, 2.0);

    OracleProblem ps = {.name = "smooth", .n = N, .m = 1, .f = smooth_flat, .jvp = smooth_jvp_flat};
    oracle_check_jvp(&ps, NULL, x, &rng, 4, N);
    OracleProblem pc = {.name = "copy_square", .n = N, .m = N, .f = cs_flat, .jvp = cs_jvp_flat};
    oracle_check_jvp(&pc, NULL, x, &rng, 2, N);

    /* closed forms: smooth = sum_i exp(0.1 x_i x_{i-1 mod n});
    ** copy_square: y_i = x_{i+1}^2 for i < n/2, else x_i^2 */
    oracle_fill_normal(&rng, v, N);
    double want = 0.0, scale = 0.0, ret_dot = NAN;
    for (int i = 0; i < N; i++) {
        int im = (i + N - 1) % N;
        double e = exp(0.1 * x[i] * x[im]), t = 0.1 * e * (v[i] * x[im] + x[i] * v[im]);
        want += t;
        scale += fabs(t);
    }
    smooth_jvp(x, v, N, &ret_dot);
    CHECK_CLOSE("smooth ret_dot closed form", ret_dot, want, ORACLE_RTOL_EXACT, 1e-14 * scale);
    double y[N], ydot[N], ywant[N];
    for (int i = 0; i < N; i++) {
        int src = i < N / 2 ? i + 1 : i;
        ywant[i] = 2.0 * x[src] * v[src];
    }
    copy_square_jvp(x, v, y, ydot, N);
    CHECK_VEC_CLOSE("copy_square y_dot closed form", ydot, ywant, N, ORACLE_RTOL_EXACT, 1e-14);
    return oracle_result();
}
