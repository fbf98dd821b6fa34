/*
** vjp/mathfuncs: every differentiable <math.h> function (double) in
** reverse mode, one per output as in jvp/mathfuncs: a vjp with the unit
** seed e_i gives the partials of F_i alone, compared with closed forms;
** then the generic reverse checks (dot-product test against jvp, J^T w
** against differences, accumulation, zeroed seeds, empty tape).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define NF 38
#define A(i) x[2 * (i)]
#define B(i) x[2 * (i) + 1]

void allmath(const double *x, double *y)
{
    y[0] = sin(A(0));
    y[1] = cos(A(1));
    y[2] = tan(A(2));
    y[3] = asin(A(3));
    y[4] = acos(A(4));
    y[5] = atan(A(5));
    y[6] = sinh(A(6));
    y[7] = cosh(A(7));
    y[8] = tanh(A(8));
    y[9] = asinh(A(9));
    y[10] = acosh(A(10));
    y[11] = atanh(A(11));
    y[12] = exp(A(12));
    y[13] = exp2(A(13));
    y[14] = expm1(A(14));
    y[15] = log(A(15));
    y[16] = log2(A(16));
    y[17] = log10(A(17));
    y[18] = log1p(A(18));
    y[19] = sqrt(A(19));
    y[20] = cbrt(A(20));
    y[21] = fabs(A(21));
    y[22] = erf(A(22));
    y[23] = erfc(A(23));
    y[24] = tgamma(A(24));
    y[25] = lgamma(A(25));
    y[26] = floor(A(26)) * A(26);
    y[27] = ceil(A(27)) + A(27);
    y[28] = round(A(28)) * 2.0;
    y[29] = trunc(A(29)) - A(29);
    y[30] = atan2(A(30), B(30));
    y[31] = pow(A(31), B(31));
    y[32] = hypot(A(32), B(32));
    y[33] = fmin(A(33), B(33));
    y[34] = fmax(A(34), B(34));
    y[35] = fmod(A(35), B(35));
    y[36] = pow(A(36), 3.0);
    y[37] = pow(2.5, A(37));
}

#pragma ad vjp(allmath) wrt(x[76]) out(y[38])
#pragma ad jvp(allmath) wrt(x[76]) out(y[38])

#include "mathfuncs.ad.h"

/* domains [lo, hi] of a_i and b_i */
static const double dom[NF][4] = {
    {-3, 3, 0, 0}, {-3, 3, 0, 0}, {-1.2, 1.2, 0, 0}, {-0.9, 0.9, 0, 0},
    {-0.9, 0.9, 0, 0}, {-3, 3, 0, 0}, {-2, 2, 0, 0}, {-2, 2, 0, 0},
    {-2, 2, 0, 0}, {-3, 3, 0, 0}, {1.2, 4, 0, 0}, {-0.9, 0.9, 0, 0},
    {-2, 2, 0, 0}, {-2, 2, 0, 0}, {-2, 2, 0, 0}, {0.2, 5, 0, 0},
    {0.2, 5, 0, 0}, {0.2, 5, 0, 0}, {-0.8, 3, 0, 0}, {0.2, 5, 0, 0},
    {-4, -0.3, 0, 0}, {-2, -0.5, 0, 0}, {-2, 2, 0, 0}, {-2, 2, 0, 0},
    {0.5, 4, 0, 0}, {0.5, 4, 0, 0}, {1.2, 1.8, 0, 0}, {-2.8, -2.2, 0, 0},
    {2.1, 2.4, 0, 0}, {-1.8, -1.2, 0, 0}, {-2, 2, 0.5, 2}, {0.5, 2, -1.5, 2.5},
    {-2, 2, -2, 2}, {0, 1, 2, 3}, {0, 1, 2, 3}, {5.1, 5.3, 1.55, 1.6},
    {-2, 2, 0, 0}, {-2, 2, 0, 0},
};

/* digamma: shift to x >= 12 by psi(x) = psi(x+1) - 1/x, then the
** asymptotic series (next term < 1e-14 there) */
static double digamma(double x)
{
    double r = 0.0;
    while (x < 12.0) {
        r -= 1.0 / x;
        x += 1.0;
    }
    double f = 1.0 / (x * x);
    return r + log(x) - 0.5 / x -
           f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
}

/* closed-form partials of F_i at (a, b) */
static void partials(int i, double a, double b, double *da, double *db)
{
    const double two_over_sqrtpi = 1.1283791670955126;
    *db = 0.0;
    switch (i) {
    case 0: *da = cos(a); break;
    case 1: *da = -sin(a); break;
    case 2: *da = 1.0 + tan(a) * tan(a); break;
    case 3: *da = 1.0 / sqrt(1.0 - a * a); break;
    case 4: *da = -1.0 / sqrt(1.0 - a * a); break;
    case 5: *da = 1.0 / (1.0 + a * a); break;
    case 6: *da = cosh(a); break;
    case 7: *da = sinh(a); break;
    case 8: *da = 1.0 - tanh(a) * tanh(a); break;
    case 9: *da = 1.0 / sqrt(a * a + 1.0); break;
    case 10: *da = 1.0 / sqrt(a * a - 1.0); break;
    case 11: *da = 1.0 / (1.0 - a * a); break;
    case 12: *da = exp(a); break;
    case 13: *da = exp2(a) * log(2.0); break;
    case 14: *da = exp(a); break;
    case 15: *da = 1.0 / a; break;
    case 16: *da = 1.0 / (a * log(2.0)); break;
    case 17: *da = 1.0 / (a * log(10.0)); break;
    case 18: *da = 1.0 / (1.0 + a); break;
    case 19: *da = 0.5 / sqrt(a); break;
    case 20: *da = 1.0 / (3.0 * cbrt(a) * cbrt(a)); break;
    case 21: *da = a < 0 ? -1.0 : 1.0; break;
    case 22: *da = two_over_sqrtpi * exp(-a * a); break;
    case 23: *da = -two_over_sqrtpi * exp(-a * a); break;
    case 24: *da = tgamma(a) * digamma(a); break;
    case 25: *da = digamma(a); break;
    case 26: *da = floor(a); break;
    case 27: *da = 1.0; break;
    case 28: *da = 0.0; break;
    case 29: *da = -1.0; break;
    case 30: *da = b / (a * a + b * b); *db = -a / (a * a + b * b); break;
    case 31: *da = b * pow(a, b - 1.0); *db = pow(a, b) * log(a); break;
    case 32: *da = a / hypot(a, b); *db = b / hypot(a, b); break;
    case 33: *da = a < b ? 1.0 : 0.0; *db = a < b ? 0.0 : 1.0; break;
    case 34: *da = a > b ? 1.0 : 0.0; *db = a > b ? 0.0 : 1.0; break;
    case 35: *da = 1.0; *db = -trunc(a / b); break;
    case 36: *da = 3.0 * a * a; break;
    case 37: *da = pow(2.5, a) * log(2.5); break;
    default: *da = NAN; break;
    }
}

static const char *const names[NF] = {
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
    "acosh", "atanh", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt",
    "cbrt", "fabs", "erf", "erfc", "tgamma", "lgamma", "floor(a)*a", "ceil(a)+a",
    "round(a)*2", "trunc(a)-a", "atan2", "pow", "hypot", "fmin", "fmax", "fmod",
    "pow(a,3)", "pow(2.5,a)",
};

static void allmath_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    allmath(x, y);
}

static void allmath_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    allmath_jvp(x, v, y, ydot);
}

static void allmath_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    allmath_vjp(x, xbar, y, w);
}

int main(void)
{
    OracleRng rng = oracle_rng(2718);
    double x[2 * NF], xb[2 * NF], w[NF], y[NF];
    char label[80];
    for (int i = 0; i < NF; i++) {
        A(i) = oracle_uniform(&rng, dom[i][0], dom[i][1]);
        B(i) = oracle_uniform(&rng, dom[i][2], dom[i][3]);
    }
    for (int i = 0; i < NF; i++) {
        double da, db;
        partials(i, A(i), B(i), &da, &db);
        for (int j = 0; j < NF; j++)
            w[j] = 0.0;
        for (int j = 0; j < 2 * NF; j++)
            xb[j] = 0.0;
        w[i] = 1.0;
        allmath_vjp(x, xb, y, w);
        double got[2] = {xb[2 * i], xb[2 * i + 1]}, want[2] = {da, db};
        snprintf(label, sizeof label, "%s (d/da, d/db) at (%.6g, %.6g)", names[i], A(i), B(i));
        if (i == 24 || i == 25) /* digamma: see jvp/mathfuncs */
            CHECK_VEC_CLOSE(label, got, want, 2, 1e-10, 1e-12);
        else
            CHECK_VEC_CLOSE(label, got, want, 2, ORACLE_RTOL_EXACT, 1e-14);
        int others_zero = 1;
        for (int j = 0; j < 2 * NF; j++)
            if (j / 2 != i && xb[j] != 0.0)
                others_zero = 0;
        if (!others_zero) {
            snprintf(label, sizeof label, "%s: no adjoint reaches other inputs", names[i]);
            CHECK_TRUE(label, others_zero);
        }
    }
    OracleProblem p = {.name = "allmath", .n = 2 * NF, .m = NF, .f = allmath_flat,
                       .jvp = allmath_jvp_flat, .vjp = allmath_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_vjp(&p, NULL, x, &rng, 3, 2 * NF);
    return oracle_result();
}
