/*
** grad/recursion: jvp/recursion's recursive functions in reverse mode:
** power(x, k) by recursive squaring (k x^(k-1), k = 0..12), rsum over
** halves through pointer arithmetic, and mutual recursion.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double power(double x, int k)
{
    if (k == 0)
        return 1.0;
    if (k % 2 == 0) {
        double h = power(x, k / 2);
        return h * h;
    }
    return x * power(x, k - 1);
}

double rsum(const double *x, int n)
{
    if (n == 1)
        return sin(x[0]);
    int h = n / 2;
    return rsum(x, h) + rsum(x + h, n - h);
}

static double odd_chain(double x, int k);

static double even_chain(double x, int k)
{
    return k == 0 ? x : odd_chain(cos(x), k - 1);
}

static double odd_chain(double x, int k)
{
    return k == 0 ? x : even_chain(x * x + 0.5, k - 1);
}

double chain(double x, int k)
{
    return even_chain(x, k);
}

#pragma ad grad(power) wrt(x)
#pragma ad vjp(power) wrt(x)
#pragma ad jvp(rsum) wrt(x[n])
#pragma ad vjp(rsum) wrt(x[n])
#pragma ad grad(rsum) wrt(x[n])
#pragma ad grad(chain) wrt(x)

#include "recursion.ad.h"

#define N 13

static void rsum_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = rsum(x, N);
}

static void rsum_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = rsum_jvp(x, v, N, ydot);
}

static void rsum_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = rsum_vjp(x, xbar, N, w[0]);
    w[0] = 0.0;
}

static double rsum_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return rsum_grad(x, g, N);
}

int main(void)
{
    char label[64];
    const double xs[2] = {1.3, -0.7};
    for (int t = 0; t < 2; t++)
        for (int k = 0; k <= 12; k++) {
            double x_bar = 1e300;
            double r = power_grad(xs[t], &x_bar, k);
            snprintf(label, sizeof label, "power(%g, %d)", xs[t], k);
            CHECK_CLOSE(label, r, pow(xs[t], k), ORACLE_RTOL_EXACT, 0.0);
            snprintf(label, sizeof label, "power_grad(%g, %d) = k x^(k-1)", xs[t], k);
            CHECK_CLOSE(label, x_bar, k == 0 ? 0.0 : k * pow(xs[t], k - 1), ORACLE_RTOL_EXACT, 0.0);
            x_bar = 1.0;
            power_vjp(xs[t], &x_bar, k, 0.5);
            snprintf(label, sizeof label, "power_vjp(%g, %d) adds", xs[t], k);
            CHECK_CLOSE(label, x_bar, 1.0 + 0.5 * (k == 0 ? 0.0 : k * pow(xs[t], k - 1)),
                        ORACLE_RTOL_EXACT, 1e-15);
        }
    CHECK_TRUE("tape empty after recursion", ccad_tape_empty());

    OracleRng rng = oracle_rng(1);
    double x[N], g[N], want[N];
    oracle_fill_uniform(&rng, x, N, -3.0, 3.0);
    OracleProblem pr = {.name = "rsum", .n = N, .m = 1, .f = rsum_flat, .jvp = rsum_jvp_flat,
                        .vjp = rsum_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_grad(&pr, NULL, x, rsum_grad_flat, N);
    oracle_check_vjp(&pr, NULL, x, &rng, 2, N);
    for (int i = 0; i < N; i++)
        want[i] = cos(x[i]);
    rsum_grad(x, g, N);
    CHECK_VEC_CLOSE("rsum_grad = cos(x) closed form", g, want, N, ORACLE_RTOL_EXACT, 1e-15);

    double x0 = 0.6, x_bar = 0.0;
    chain_grad(x0, &x_bar, 2);
    CHECK_CLOSE("chain(x, 2) gradient closed form", x_bar, -2.0 * cos(x0) * sin(x0), ORACLE_RTOL_EXACT, 0.0);
    return oracle_result();
}
