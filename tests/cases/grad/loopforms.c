/*
** grad/loopforms: counted loops whose backward loop walks the counter down
** from its last value (for (i = b; i > a;) { i--; ... }) or up (descending
** loops), for every header form: unsigned and size_t counters starting at
** 0, long counters, <= and >= bounds, a start read from a parameter that is
** negative, loops that run zero times, and a triangle (j from i + 1). Each
** term weights x[i] by a function of i, so a backward loop that visits a
** wrong index, one too many or one too few gives a wrong gradient. Oracles:
** central differences and the dot-product test with jvp (oracle_check_*).
*/
#include <math.h>
#include <stddef.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double loopforms(const double *x, int n, int lo)
{
    double s = 0.0;
    for (unsigned u = 0; u < (unsigned)n; u++)     /* unsigned from 0 */
        s += sin(x[u]) * (double)(u + 1);
    for (size_t z = 1; z <= (size_t)n - 1; z++)    /* size_t, <= */
        s += x[z] * x[z - 1] / (double)(z + 2);
    for (long l = n - 1; l >= 0; l--)              /* long, descending, >= */
        s = s * 0.9 + cos(x[l]) * (double)(l + 3);
    for (int i = n - 1; i > lo; i--)               /* descending, > a negative bound */
        s += exp(0.1 * x[(i - lo) % n]) * (double)(i - lo);
    for (int i = lo; i < 0; i++)                   /* negative start from a parameter */
        s += x[-i - 1] * x[-i - 1] * (double)(1 - i);
    for (int i = n; i < n; i++)                    /* zero trips */
        s += 100.0 * x[0];
    for (int i = 0; i <= n - 1; i += 1)            /* <=, written with += 1 */
        for (int j = i + 1; j < n; j++)            /* triangle */
            s += 0.01 * x[i] * x[j] * (double)(i + 2 * j);
    return s;
}

#pragma ad grad(loopforms) wrt(x[n])
#pragma ad vjp(loopforms) wrt(x[n])
#pragma ad jvp(loopforms) wrt(x[n])

#include "loopforms.ad.h"

#define N 7
#define LO (-3)

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = loopforms(x, N, LO);
}

static void jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = loopforms_jvp(x, v, N, LO, ydot);
}

static void vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = loopforms_vjp(x, xbar, N, LO, w[0]);
    w[0] = 0.0;
}

static double grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return loopforms_grad(x, g, N, LO);
}

int main(void)
{
    OracleRng rng = oracle_rng(7);
    double x[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    OracleProblem p = {"loopforms", N, 1, f_flat, jvp_flat, vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    oracle_check_grad(&p, NULL, x, grad_flat, N);
    return oracle_result();
}
