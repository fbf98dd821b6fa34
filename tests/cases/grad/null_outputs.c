/*
** grad/null_outputs: helpers with optional outputs, as real C writes them
** (LAPACK's work queries, genann-style "fill the derivative if asked"): an
** output pointer tested against NULL, the same helper called once with a
** buffer and once with a null pointer constant. Regression: cc-ad hung
** (the activity analysis made a new node for the pointer made from the
** constant 0 on each pass and never reached its fixed point), then
** refused the call; a null pointer argument now gets a null shadow.
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*), for the output w and for the return value.
*/
#include <stddef.h>
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

/* out[i] = x[i]^2 + x[i] if out is given; returns sum of sin(x[i]) */
static double sq(int n, const double *x, double *out)
{
    double s = 0;
    if (out)
        for (int i = 0; i < n; i++)
            out[i] = x[i] * x[i];
    for (int i = 0; i < n; i++) {
        if (out != NULL)
            out[i] += x[i];
        s += sin(x[i]);
    }
    return s;
}

double f(int n, const double *x, double *w)
{
    double s = 0;
    for (int r = 0; r < 2; r++) {
        sq(n, x, w);
        s += w[0] * w[n - 1];
    }
    s += sq(n, x, 0) * sq(n, x, NULL);
    return s;
}

#pragma ad vjp(f) wrt(x[n]) out(w[n], return)
#pragma ad jvp(f) wrt(x[n]) out(w[n], return)
#pragma ad grad(f) wrt(x[n]) scratch(w[n])

#include "null_outputs.ad.h"

enum { N = 5 };

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[N] = f(N, x, y);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[N] = f_jvp(N, x, v, y, ydot, &ydot[N]);
}

static void f_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[N] = f_vjp(N, x, xbar, y, w, w[N]);
    for (int i = 0; i <= N; i++)
        w[i] = 0.0;
}

static void f_ret(void *ctx, const double *x, double *y)
{
    double w[N];
    (void)ctx;
    y[0] = f(N, x, w);
}

static double f_grad_flat(void *ctx, const double *x, double *g)
{
    double w[N];
    (void)ctx;
    return f_grad(N, x, g, w);
}

int main(void)
{
    OracleRng rng = oracle_rng(11);
    double x[N];
    oracle_fill_uniform(&rng, x, N, -0.8, 0.8);
    OracleProblem p = {"f", N, N + 1, f_flat, f_jvp_flat, f_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    OracleProblem q = {"f return", N, 1, f_ret, NULL, NULL, ccad_tape_empty, 0, 0};
    oracle_check_grad(&q, NULL, x, f_grad_flat, N);
    return oracle_result();
}
