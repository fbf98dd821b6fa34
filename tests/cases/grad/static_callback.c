/*
** grad/static_callback: a static function of FILE.c whose address the
** differentiated code passes on (qsort's comparator), as C sorts index
** arrays: the generated file needs its own copy of the function.
** Regression: "static function 'by_rank' is called by derivative code but
** has no body here" (only called functions were lowered, not ones whose
** address is taken).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*); the sort runs on integer data, so the derivative is
** that of the weighted sum in sorted order.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static int by_rank(const void *a, const void *b)
{
    int ra = *(const int *)a % 7, rb = *(const int *)b % 7;
    return (ra > rb) - (ra < rb);
}

/* sum_k w_k * g(x[idx[k]]) with idx sorted by a rank the integers carry */
double ranked(const double *x, int n)
{
    int *idx = malloc((size_t)n * sizeof *idx);
    for (int i = 0; i < n; i++)
        idx[i] = (i * 5 + 3) % n;
    qsort(idx, (size_t)n, sizeof *idx, by_rank);
    double s = 0;
    for (int k = 0; k < n; k++)
        s += (1.0 + 0.25 * k) * sin(x[idx[k]]) * x[idx[k]];
    free(idx);
    return s;
}

#pragma ad grad(ranked) wrt(x[n])
#pragma ad vjp(ranked) wrt(x[n])
#pragma ad jvp(ranked) wrt(x[n])

#include "static_callback.ad.h"

enum { N = 9 };

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = ranked(x, N);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = ranked_jvp(x, v, N, ydot);
}

static void f_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = ranked_vjp(x, xbar, N, w[0]);
    w[0] = 0.0;
}

static double f_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return ranked_grad(x, g, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(12);
    double x[N];
    oracle_fill_uniform(&rng, x, N, -1, 1);
    OracleProblem p = {"ranked", N, 1, f_flat, f_jvp_flat, f_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    oracle_check_grad(&p, NULL, x, f_grad_flat, N);
    return oracle_result();
}
