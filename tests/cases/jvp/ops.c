/*
** jvp/ops: expression forms of contract section 4 in forward mode:
** compound assignments (+= -= *= /=), ++/-- (prefix and postfix) on
** doubles and ints, ?: with active branches, casts (int <-> double, an
** active value through float, integer truncation that kills the
** derivative), the comma operator with an assignment inside, unary +/-,
** integer index arithmetic. The point x keeps every branch and every
** truncation (int)(4*x3) = 2 away from its switch under the finite
** difference steps.
*/
#include <math.h>

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
#pragma ad jvp(mixed) wrt(a)

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

int main(void)
{
    double x[N] = {0.9, 0.3, -0.4, 0.6, 1.1, 0.2};
    OracleRng rng = oracle_rng(42);
    OracleProblem p = {.name = "ops", .n = N, .m = 1, .f = ops_flat, .jvp = ops_jvp_flat};
    oracle_check_jvp(&p, NULL, x, &rng, 4, N);

    /* the other side of the ?: (x0 < x1) and of the sign switch (x2 > 0) */
    double x2[N] = {0.2, 0.7, 0.4, 0.3, -0.5, 1.2};
    oracle_check_jvp(&p, NULL, x2, &rng, 4, 0);

    /* mixed: d/da = 2 + 2a; 0.75 and the tangent 1 are exact in float */
    double ret_dot = NAN;
    double r = mixed_jvp(0.75, 1.0, &ret_dot);
    CHECK_CLOSE("mixed primal", r, mixed(0.75), 0.0, 0.0);
    CHECK_CLOSE("mixed ret_dot = 2 + 2a", ret_dot, 2.0 + 2.0 * 0.75, ORACLE_RTOL_EXACT, 0.0);
    r = mixed_jvp(0.75, 0.0, &ret_dot);
    CHECK_CLOSE("mixed ret_dot, zero tangent", ret_dot, 0.0, 0.0, 0.0);
    return oracle_result();
}
