/*
** jvp/f3_float: seed 001's f: R^2 -> R^3 in float (sinf, float literals),
** with a second float function using expf/logf/sqrtf/powf/tanhf. Derivatives
** have the type of the value they belong to: the shadows are float.
** Oracles: the closed-form Jacobian evaluated in double at the same float
** point (a float computation of a few operations is within a few float
** ulps, so rtol ORACLE_RTOL_FLOAT_EXACT = 1e-5), and central differences in
** float (step cbrt(FLT_EPSILON) ~ 5e-3, error ~ 2e-5: rtol 1e-3).
*/
#include <float.h>
#include <math.h>

#include "ccad_oracle.h"

void ff(const float *x, float *y)
{
    y[0] = sinf(x[0] / x[1]) + x[1] * x[1];
    y[1] = x[0] * x[0] - x[1] * x[1];
    y[2] = x[0] * x[0] * x[0];
}

float fmix(const float *x, int n)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++)
        s += expf(-0.5f * x[i]) * logf(1.0f + x[i] * x[i]) + sqrtf(2.0f + x[i]) +
             powf(1.5f + x[i], 1.5f) + tanhf(x[i]);
    return s;
}

#pragma ad jvp(ff) wrt(x[2]) out(y[3])
#pragma ad jvp(fmix) wrt(x[n])

#include "f3_float.ad.h"

#define NM 6

static void ff_flat(void *ctx, const double *x, double *y)
{
    float xf[2] = {(float)x[0], (float)x[1]}, yf[3];
    (void)ctx;
    ff(xf, yf);
    for (int i = 0; i < 3; i++)
        y[i] = yf[i];
}

static void ff_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    float xf[2] = {(float)x[0], (float)x[1]}, vf[2] = {(float)v[0], (float)v[1]};
    float yf[3], ydf[3];
    (void)ctx;
    ff_jvp(xf, vf, yf, ydf);
    for (int i = 0; i < 3; i++) {
        y[i] = yf[i];
        ydot[i] = ydf[i];
    }
}

static void fmix_flat(void *ctx, const double *x, double *y)
{
    float xf[NM];
    (void)ctx;
    for (int i = 0; i < NM; i++)
        xf[i] = (float)x[i];
    y[0] = fmix(xf, NM);
}

static void fmix_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    float xf[NM], vf[NM], rd;
    (void)ctx;
    for (int i = 0; i < NM; i++) {
        xf[i] = (float)x[i];
        vf[i] = (float)v[i];
    }
    y[0] = fmix_jvp(xf, vf, NM, &rd);
    ydot[0] = rd;
}

int main(void)
{
    char label[64];
    /* Jacobian at (1, 0.5): both exactly representable in float */
    const float x[2] = {1.0f, 0.5f};
    const double c2 = cos(2.0);
    const double jac_want[3][2] = {{c2 * 2.0, -c2 * 4.0 + 1.0}, {2.0, -1.0}, {3.0, 0.0}};
    for (int j = 0; j < 2; j++) {
        float e[2] = {0.0f, 0.0f}, y[3], ydot[3];
        e[j] = 1.0f;
        ff_jvp(x, e, y, ydot);
        for (int i = 0; i < 3; i++) {
            snprintf(label, sizeof label, "J[%d][%d] closed form (float)", i, j);
            CHECK_CLOSE(label, ydot[i], jac_want[i][j], ORACLE_RTOL_FLOAT_EXACT, 1e-6);
        }
    }

    OracleRng rng = oracle_rng(77);
    OracleProblem p = {.name = "ff", .n = 2, .m = 3, .f = ff_flat, .jvp = ff_jvp_flat,
                       .fd_eps = FLT_EPSILON};
    double xd[2] = {1.0, 0.5};
    oracle_check_jvp(&p, NULL, xd, &rng, 4, 2);

    /* fmix: closed form per element in double, at the float point */
    double xm[NM], v[NM];
    float xmf[NM], vf[NM];
    oracle_fill_uniform(&rng, xm, NM, -0.9, 1.5);
    oracle_fill_normal(&rng, v, NM);
    double want = 0.0, scale = 0.0;
    for (int i = 0; i < NM; i++) {
        xmf[i] = (float)xm[i];
        vf[i] = (float)v[i];
        double a = xmf[i], va = vf[i];
        double d = -0.5 * exp(-0.5 * a) * log(1.0 + a * a) + exp(-0.5 * a) * 2.0 * a / (1.0 + a * a) +
                   0.5 / sqrt(2.0 + a) + 1.5 * sqrt(1.5 + a) + 1.0 - tanh(a) * tanh(a);
        want += d * va;
        scale += fabs(d * va);
    }
    float rd = NAN;
    float r = fmix_jvp(xmf, vf, NM, &rd);
    CHECK_CLOSE("fmix primal", r, fmix(xmf, NM), 1e-6, 1e-6);
    /* float sums of NM terms: relative to the size of the terms */
    CHECK_CLOSE("fmix ret_dot closed form (float)", rd, want, ORACLE_RTOL_FLOAT_EXACT,
                1e-5 * scale);
    OracleProblem pm = {.name = "fmix", .n = NM, .m = 1, .f = fmix_flat, .jvp = fmix_jvp_flat,
                        .fd_eps = FLT_EPSILON};
    oracle_check_jvp(&pm, NULL, xm, &rng, 3, NM);
    return oracle_result();
}
