/*
** grad/cforms: C forms a user writes without thinking of AD, in reverse
** and forward mode: a loop with two counters stepped by a comma
** expression, a countdown whose condition decrements (`k-- > 0`), `const`
** locals in a loop body and one initialised by a call (regression: reverse
** mode declares them once and assigns them later, which did not compile
** while they stayed const), `register`, nested
** calls as arguments, and a pointer chosen by `?:` (regression: its adjoint
** pointer was left null and the backward sweep wrote through it).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>
#include <stddef.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static inline double sq(double v) { return v * v; }
static double g(double a) { return sin(a) * 2.0; }
static double h(double a, double b) { return a * exp(-b * b); }

double f(const double *x, int n)
{
    double s = 0;
    int i, j;
    for (i = 0, j = n - 1; i < j; i++, j--)
        s += x[i] * x[j];
    for (size_t k = (size_t)n; k-- > 0;)
        s += 0.1 * sq(x[k]);
    for (int m = 0; m < n; m++) {
        const double u = x[m] * 2.0;  /* const locals in a loop body */
        const double v = sin(u);
        s += 0.01 * u * v;
    }
    const double c = h(g(x[0]), g(x[1]));
    register double t = c * 3.0;
    const double *pick = x[2] > 0 ? &x[3] : &x[4];
    s += t + *pick * 0.5;
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "cforms.ad.h"

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
    OracleRng rng = oracle_rng(13);
    double x[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    OracleProblem p = {"cforms", N, 1, f_flat, jvp_flat, vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    oracle_check_grad(&p, NULL, x, grad_flat, N);
    return oracle_result();
}
