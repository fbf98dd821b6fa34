/*
** vjp/mathfuncs_float: the float forms of every differentiable <math.h>
** function in reverse mode (float adjoints); partials against closed forms
** in double at the float arguments (rtol 1e-5; 1e-4 for tgammaf/lgammaf),
** generic reverse checks with float tolerances.
*/
#include <float.h>
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define NF 38
#define A(i) x[2 * (i)]
#define B(i) x[2 * (i) + 1]

void allmathf(const float *x, float *y)
{
    y[0] = sinf(A(0));
    y[1] = cosf(A(1));
    y[2] = tanf(A(2));
    y[3] = asinf(A(3));
    y[4] = acosf(A(4));
    y[5] = atanf(A(5));
    y[6] = sinhf(A(6));
    y[7] = coshf(A(7));
    y[8] = tanhf(A(8));
    y[9] = asinhf(A(9));
    y[10] = acoshf(A(10));
    y[11] = atanhf(A(11));
    y[12] = expf(A(12));
    y[13] = exp2f(A(13));
    y[14] = expm1f(A(14));
    y[15] = logf(A(15));
    y[16] = log2f(A(16));
    y[17] = log10f(A(17));
    y[18] = log1pf(A(18));
    y[19] = sqrtf(A(19));
    y[20] = cbrtf(A(20));
    y[21] = fabsf(A(21));
    y[22] = erff(A(22));
    y[23] = erfcf(A(23));
    y[24] = tgammaf(A(24));
    y[25] = lgammaf(A(25));
    y[26] = floorf(A(26)) * A(26);
    y[27] = ceilf(A(27)) + A(27);
    y[28] = roundf(A(28)) * 2.0f;
    y[29] = truncf(A(29)) - A(29);
    y[30] = atan2f(A(30), B(30));
    y[31] = powf(A(31), B(31));
    y[32] = hypotf(A(32), B(32));
    y[33] = fminf(A(33), B(33));
    y[34] = fmaxf(A(34), B(34));
    y[35] = fmodf(A(35), B(35));
    y[36] = powf(A(36), 3.0f);
    y[37] = powf(2.5f, A(37));
}

#pragma ad vjp(allmathf) wrt(x[76]) out(y[38])
#pragma ad jvp(allmathf) wrt(x[76]) out(y[38])

#include "mathfuncs_float.ad.h"

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

static void allmathf_flat(void *ctx, const double *x, double *y)
{
    float xf[2 * NF], yf[NF];
    (void)ctx;
    for (int i = 0; i < 2 * NF; i++)
        xf[i] = (float)x[i];
    allmathf(xf, yf);
    for (int i = 0; i < NF; i++)
        y[i] = yf[i];
}

static void allmathf_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    float xf[2 * NF], vf[2 * NF], yf[NF], ydf[NF];
    (void)ctx;
    for (int i = 0; i < 2 * NF; i++) {
        xf[i] = (float)x[i];
        vf[i] = (float)v[i];
    }
    allmathf_jvp(xf, vf, yf, ydf);
    for (int i = 0; i < NF; i++) {
        y[i] = yf[i];
        ydot[i] = ydf[i];
    }
}

static void allmathf_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    float xf[2 * NF], xbf[2 * NF], yf[NF], wf[NF];
    (void)ctx;
    for (int i = 0; i < 2 * NF; i++) {
        xf[i] = (float)x[i];
        xbf[i] = (float)xbar[i];
    }
    for (int i = 0; i < NF; i++)
        wf[i] = (float)w[i];
    allmathf_vjp(xf, xbf, yf, wf);
    for (int i = 0; i < 2 * NF; i++)
        xbar[i] = xbf[i];
    for (int i = 0; i < NF; i++) {
        y[i] = yf[i];
        w[i] = wf[i];
    }
}

int main(void)
{
    OracleRng rng = oracle_rng(2718);
    float x[2 * NF], xb[2 * NF], w[NF], y[NF];
    double xd[2 * NF];
    char label[80];
    for (int i = 0; i < NF; i++) {
        A(i) = (float)oracle_uniform(&rng, dom[i][0], dom[i][1]);
        B(i) = (float)oracle_uniform(&rng, dom[i][2], dom[i][3]);
    }
    for (int i = 0; i < 2 * NF; i++)
        xd[i] = x[i];
    for (int i = 0; i < NF; i++) {
        double da, db;
        partials(i, A(i), B(i), &da, &db);
        for (int j = 0; j < NF; j++)
            w[j] = 0.0f;
        for (int j = 0; j < 2 * NF; j++)
            xb[j] = 0.0f;
        w[i] = 1.0f;
        allmathf_vjp(x, xb, y, w);
        double got[2] = {xb[2 * i], xb[2 * i + 1]}, want[2] = {da, db};
        snprintf(label, sizeof label, "%sf (d/da, d/db) at (%.6g, %.6g)", names[i], A(i), B(i));
        if (i == 24 || i == 25)
            CHECK_VEC_CLOSE(label, got, want, 2, 1e-4, 1e-5);
        else
            CHECK_VEC_CLOSE(label, got, want, 2, ORACLE_RTOL_FLOAT_EXACT, 1e-6);
    }
    OracleProblem p = {.name = "allmathf", .n = 2 * NF, .m = NF, .f = allmathf_flat,
                       .jvp = allmathf_jvp_flat, .vjp = allmathf_vjp_flat,
                       .tape_empty = ccad_tape_empty, .fd_eps = FLT_EPSILON};
    oracle_check_vjp(&p, NULL, xd, &rng, 2, 2 * NF);
    return oracle_result();
}
