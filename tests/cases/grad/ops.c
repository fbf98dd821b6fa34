/*
** grad/ops: jvp/ops's expression forms (compound assignments, ++/--, ?:,
** casts, comma, unary +/-) in reverse mode: grad and vjp of ops against
** central differences and forward mode; mixed() sends an active value
** through a float cast, whose adjoint is rounded to float with it.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double ops(const double *x, int n)
{
    double s = 0.0, t = 1.0, u, w, z;
    int i = 0, j;
    while (i < n) {
        s += x[i] * x[i];
        s += x[(i * 3 + 1) % n] * 0.01;
        t *= 1.0 + 0.1 * x[i];
        i++;
    }
    s -= 0.5 * x[0];
    t /= 2.0 + x[1] * x[1];
    u = s;
    u++;
    ++u;
    u--;
    --u;
    u += 1.0;
    w = (x[0] > x[1]) ? x[0] * u : x[1] / u;
    w = x[2] < 0.0 ? -w : w;
    j = (int)(4.0 * x[3]);
    z = (t = t * 2.0, t + w);
    z *= (double)j + (double)n / 4.0;
    double r = s + t + u * w + z;
    r -= (long)3.9;
    r = -r;
    r = +r * 1.5;
    return r;
}

/* an active value through a float cast: the tangent is rounded with it */
double mixed(double a)
{
    float f = (float)a * 2.0f;
    return (double)f + a * a;
}

#pragma ad jvp(ops) wrt(x[n])
#pragma ad vjp(ops) wrt(x[n])
#pragma ad grad(ops) wrt(x[n])
#pragma ad grad(mixed) wrt(a)
#pragma ad vjp(mixed) wrt(a)

#include "ops.ad.h"

#define N 6

static void ops_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = ops(x, N);
}

static void ops_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = ops_jvp(x, v, N, ydot);
}

static void ops_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = ops_vjp(x, xbar, N, w[0]);
    w[0] = 0.0;
}

static double ops_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return ops_grad(x, g, N);
}

int main(void)
{
    const double x1[N] = {0.9, 0.3, -0.4, 0.6, 1.1, 0.2};
    const double x2[N] = {0.2, 0.7, 0.4, 0.3, -0.5, 1.2};
    OracleRng rng = oracle_rng(42);
    OracleProblem p = {.name = "ops", .n = N, .m = 1, .f = ops_flat, .jvp = ops_jvp_flat,
                       .vjp = ops_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_grad(&p, NULL, x1, ops_grad_flat, N);
    oracle_check_vjp(&p, NULL, x1, &rng, 2, N);
    oracle_check_grad(&p, NULL, x2, ops_grad_flat, N);
    oracle_check_vjp(&p, NULL, x2, &rng, 2, N);

    /* mixed: d/da = 2 + 2a at a = 0.75 (exact in float) */
    double a_bar = 99.0;
    double r = mixed_grad(0.75, &a_bar);
    CHECK_CLOSE("mixed_grad primal", r, mixed(0.75), 0.0, 0.0);
    CHECK_CLOSE("mixed_grad = 2 + 2a (overwritten)", a_bar, 3.5, ORACLE_RTOL_EXACT, 0.0);
    a_bar = 1.0;
    mixed_vjp(0.75, &a_bar, 2.0);
    CHECK_CLOSE("mixed_vjp adds 2 * 3.5", a_bar, 8.0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
