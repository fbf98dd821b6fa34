/*
** jvp/recursion: recursive functions in forward mode:
**   power(x, k)   x^k by recursive squaring (two recursive call sites);
**                 closed form k x^(k-1) for k = 0..12 at two points
**   rsum(x, n)    a divide-and-conquer sum of sin over the halves x and
**                 x + h (recursion through pointer arithmetic)
**   even/odd      mutual recursion (declared before use)
*/
#include <math.h>

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

#pragma ad jvp(power) wrt(x)
#pragma ad jvp(rsum) wrt(x[n])
#pragma ad jvp(chain) wrt(x)

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

static int g_k;

static void chain_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = chain(x[0], g_k);
}

static void chain_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = chain_jvp(x[0], v[0], g_k, ydot);
}

int main(void)
{
    char label[64];
    const double xs[2] = {1.3, -0.7};
    for (int t = 0; t < 2; t++)
        for (int k = 0; k <= 12; k++) {
            double ret_dot = NAN, r = power_jvp(xs[t], 1.0, k, &ret_dot);
            snprintf(label, sizeof label, "power(%g, %d)", xs[t], k);
            CHECK_CLOSE(label, r, pow(xs[t], k), ORACLE_RTOL_EXACT, 0.0);
            snprintf(label, sizeof label, "power'(%g, %d) = k x^(k-1)", xs[t], k);
            CHECK_CLOSE(label, ret_dot, k == 0 ? 0.0 : k * pow(xs[t], k - 1), ORACLE_RTOL_EXACT, 0.0);
        }

    OracleRng rng = oracle_rng(1);
    double x[N], v[N];
    oracle_fill_uniform(&rng, x, N, -3.0, 3.0);
    OracleProblem pr = {.name = "rsum", .n = N, .m = 1, .f = rsum_flat, .jvp = rsum_jvp_flat};
    oracle_check_jvp(&pr, NULL, x, &rng, 3, N);
    oracle_fill_normal(&rng, v, N);
    double want = 0.0, scale = 0.0, ret_dot = NAN;
    for (int i = 0; i < N; i++) {
        want += cos(x[i]) * v[i];
        scale += fabs(cos(x[i]) * v[i]);
    }
    rsum_jvp(x, v, N, &ret_dot);
    CHECK_CLOSE("rsum closed form", ret_dot, want, ORACLE_RTOL_EXACT, 1e-14 * scale);

    OracleProblem pc = {.name = "chain", .n = 1, .m = 1, .f = chain_flat, .jvp = chain_jvp_flat};
    double x0 = 0.6;
    for (g_k = 0; g_k <= 5; g_k++)
        oracle_check_jvp(&pc, NULL, &x0, &rng, 1, 1);
    /* chain(x, 2) = cos(x)^2 + 0.5: derivative -2 cos(x) sin(x) */
    chain_jvp(x0, 1.0, 2, &ret_dot);
    CHECK_CLOSE("chain(x, 2) closed form", ret_dot, -2.0 * cos(x0) * sin(x0), ORACLE_RTOL_EXACT, 0.0);
    return oracle_result();
}
