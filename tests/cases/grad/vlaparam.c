/*
** grad/vlaparam: C99 variable-length array parameters, double a[n][n],
** in helpers that write and read a matrix built from x (regression: the
** generated code declared them double (*a)[], which does not compile; the
** length is now read back from the source), and a cast to a pointer to
** const rows in the call (its adjoint pointer must stay writable).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static double frob(int n, const double a[n][n])
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            s += a[i][j] * a[i][j];
    return s;
}

static void outer(int n, const double *u, double a[n][n])
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = u[i] * u[j] + (i == j);
}

double f(const double *x, int n)
{
    double a[4][4];
    outer(4, x, a);
    double (*row)[4] = a;
    return frob(4, (const double (*)[4])a) + sin(row[1][2]) * x[n - 1];
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "vlaparam.ad.h"

#define N 7

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = f(x, N);
}

static void jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = f_jvp(x, v, N, ydot);
}

static void vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = f_vjp(x, xbar, N, w[0]);
    w[0] = 0.0;
}

static double grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return f_grad(x, g, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(29);
    double x[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    OracleProblem p = {"vlaparam", N, 1, f_flat, jvp_flat, vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    oracle_check_grad(&p, NULL, x, grad_flat, N);
    return oracle_result();
}
