/*
** grad/stmt_exprs: GNU statement expressions as kernel-style C writes its
** macros: MAX with __typeof__ temporaries, used twice in one statement and
** nested in another macro, and one inside the arm of a ?: (its statements
** run only when that arm is taken).
** Regression: each was "a statement expression cannot be differentiated".
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*), at a point away from the kinks of MAX (|x_i| > 0.05,
** x_i / 2 away from -0.2).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define MAX(a, b) ({ __typeof__(a) a_ = (a); __typeof__(b) b_ = (b); a_ > b_ ? a_ : b_; })
#define SQR(x) ({ double t_ = (x); t_ * t_; })

double relu_sum(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += MAX(x[i], 0.0) + SQR(MAX(x[i] * 0.5, -0.2)) + (x[i] > 0 ? SQR(sin(x[i])) : 0.0);
    return s;
}

#pragma ad grad(relu_sum) wrt(x[n])
#pragma ad vjp(relu_sum) wrt(x[n])
#pragma ad jvp(relu_sum) wrt(x[n])

#include "stmt_exprs.ad.h"

enum { N = 6 };

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = relu_sum(x, N);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = relu_sum_jvp(x, v, N, ydot);
}

static void f_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = relu_sum_vjp(x, xbar, N, w[0]);
    w[0] = 0.0;
}

static double f_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return relu_sum_grad(x, g, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(9);
    double x[N] = {0.3, -0.45, 0.9, -0.1, 0.5, -0.7};
    OracleProblem p = {"relu_sum", N, 1, f_flat, f_jvp_flat, f_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    oracle_check_grad(&p, NULL, x, f_grad_flat, N);
    return oracle_result();
}
