/*
** vjp/f3_float: the float functions of jvp/f3_float in reverse mode: ff
** (seed 001's f in float) with vjp, fmix with grad and vjp. Adjoints are
** float. Tolerances are float ones (ccad_oracle.h): the dot-product test
** agrees to ~1e-5 relative, differences in float to 1e-3.
*/
#include <float.h>
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
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
#pragma ad vjp(ff) wrt(x[2]) out(y[3])
#pragma ad jvp(fmix) wrt(x[n])
#pragma ad vjp(fmix) wrt(x[n])
#pragma ad grad(fmix) wrt(x[n])

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
    float xf[2] = {(float)x[0], (float)x[1]}, vf[2] = {(float)v[0], (float)v[1]}, yf[3], ydf[3];
    (void)ctx;
    ff_jvp(xf, vf, yf, ydf);
    for (int i = 0; i < 3; i++) {
        y[i] = yf[i];
        ydot[i] = ydf[i];
    }
}

static void ff_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    float xf[2] = {(float)x[0], (float)x[1]}, xb[2] = {(float)xbar[0], (float)xbar[1]};
    float yf[3], yb[3] = {(float)w[0], (float)w[1], (float)w[2]};
    (void)ctx;
    ff_vjp(xf, xb, yf, yb);
    for (int i = 0; i < 3; i++) {
        y[i] = yf[i];
        w[i] = yb[i];
    }
    xbar[0] = xb[0];
    xbar[1] = xb[1];
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

static void fmix_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    float xf[NM], xb[NM];
    (void)ctx;
    for (int i = 0; i < NM; i++) {
        xf[i] = (float)x[i];
        xb[i] = (float)xbar[i];
    }
    y[0] = fmix_vjp(xf, xb, NM, (float)w[0]);
    w[0] = 0.0; /* a return seed is passed by value */
    for (int i = 0; i < NM; i++)
        xbar[i] = xb[i];
}

static double fmix_grad_flat(void *ctx, const double *x, double *g)
{
    float xf[NM], gf[NM];
    (void)ctx;
    for (int i = 0; i < NM; i++) {
        xf[i] = (float)x[i];
        gf[i] = (float)g[i];
    }
    double r = fmix_grad(xf, gf, NM);
    for (int i = 0; i < NM; i++)
        g[i] = gf[i];
    return r;
}

int main(void)
{
    const float x[2] = {1.0f, 0.5f};
    const double c2 = cos(2.0);
    const double jac_want[3][2] = {{c2 * 2.0, -c2 * 4.0 + 1.0}, {2.0, -1.0}, {3.0, 0.0}};
    char label[64];
    for (int i = 0; i < 3; i++) {
        float y[3], ybar[3] = {0.0f, 0.0f, 0.0f}, xbar[2] = {0.0f, 0.0f};
        ybar[i] = 1.0f;
        ff_vjp(x, xbar, y, ybar);
        for (int j = 0; j < 2; j++) {
            snprintf(label, sizeof label, "jacrev J[%d][%d] closed form (float)", i, j);
            CHECK_CLOSE(label, xbar[j], jac_want[i][j], ORACLE_RTOL_FLOAT_EXACT, 1e-6);
        }
    }
    OracleRng rng = oracle_rng(77);
    const double xd[2] = {1.0, 0.5};
    OracleProblem p = {.name = "ff", .n = 2, .m = 3, .f = ff_flat, .jvp = ff_jvp_flat,
                       .vjp = ff_vjp_flat, .tape_empty = ccad_tape_empty, .fd_eps = FLT_EPSILON};
    oracle_check_vjp(&p, NULL, xd, &rng, 3, 2);

    double xm[NM];
    oracle_fill_uniform(&rng, xm, NM, -0.9, 1.5);
    for (int i = 0; i < NM; i++)
        xm[i] = (float)xm[i];
    OracleProblem pm = {.name = "fmix", .n = NM, .m = 1, .f = fmix_flat, .jvp = fmix_jvp_flat,
                        .vjp = fmix_vjp_flat, .tape_empty = ccad_tape_empty, .fd_eps = FLT_EPSILON};
    oracle_check_vjp(&pm, NULL, xm, &rng, 2, NM);
    oracle_check_grad(&pm, NULL, xm, fmix_grad_flat, NM);
    return oracle_result();
}
