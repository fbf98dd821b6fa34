/*
** grad/ptrptr: derivatives that live two pointer levels down. Rows of a
** matrix are malloc'd one by one into a double ** table and filled from x;
** a helper reads them through `double **rows` (regression: the helper's
** variant marked only rows' first level, the double * slots, as carrying
** derivatives, so its backward code dropped rows_bar[r][j] += w[j] * s and
** the gradient was wrong; and the forward sweep saved the uninitialised
** slot rows[1] before its malloc, a -Wuninitialized warning). A helper
** that scales a row in place through a double ** and a struct holding a
** pointer to its data cover the write side. Oracles: central differences
** and the dot-product test with jvp (oracle_check_*).
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 5

typedef struct {
    int n;
    double *data;
} Vec;

static double rowdot(int n, double **rows, int r, const double *w)
{
    double s = 0.0;
    for (int j = 0; j < n; j++)
        s += rows[r][j] * w[j];
    return s;
}

static void scale_row(int n, double **rows, int r, double c)
{
    for (int j = 0; j < n; j++)
        rows[r][j] = c * rows[r][j] + 0.1 * sin(rows[r][j]);
}

static double vnorm2(const Vec *v)
{
    double s = 0.0;
    for (int i = 0; i < v->n; i++)
        s += v->data[i] * v->data[i];
    return s;
}

double f(const double *x, const double *w, int n)
{
    double **rows = malloc(2 * sizeof(double *));
    rows[0] = malloc((size_t)n * sizeof(double));
    rows[1] = malloc((size_t)n * sizeof(double));
    for (int i = 0; i < n; i++) {
        rows[0][i] = x[i] * x[i];
        rows[1][i] = cos(x[i]);
    }
    double s = 0.0;
    for (int t = 0; t < 4; t++) {
        s += rowdot(n, rows, t % 2, w) * (1.0 + 0.1 * t);
        scale_row(n, rows, (t + 1) % 2, 0.9);
    }
    Vec v = {n, rows[1]};
    s += vnorm2(&v);
    free(rows[0]);
    free(rows[1]);
    free(rows);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "ptrptr.ad.h"

static double w[N] = {0.7, -0.3, 1.1, 0.4, -0.8};

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = f(x, w, N);
}

static void jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = f_jvp(x, v, w, N, ydot);
}

static void vjp_flat(void *ctx, const double *x, double *xbar, double *wt, double *y)
{
    (void)ctx;
    y[0] = f_vjp(x, xbar, w, N, wt[0]);
    wt[0] = 0.0;
}

static double grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return f_grad(x, g, w, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(5);
    double x[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    OracleProblem p = {"ptrptr", N, 1, f_flat, jvp_flat, vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    oracle_check_grad(&p, NULL, x, grad_flat, N);
    return oracle_result();
}
