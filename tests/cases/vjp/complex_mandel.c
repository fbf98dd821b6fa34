/*
** vjp/complex_mandel: Mandelbrot-style iteration z <- z^2 + c with a
** data-dependent trip count (escape radius), in double complex and in float
** complex (cexpf, cabsf, crealf: the float forms), with c by value and a
** complex result written through a pointer. The branch taken is fixed near
** the sample points, so the derivative is the iteration's: checked in jvp
** and vjp against central differences along real and imaginary directions
** and by the dot-product test (real inner product Re(conj(a) b)), with
** float tolerances for the float version. Closed form: after k steps of
** z^2 + c from z0 = 0, dz/dc obeys d' = 2 z d + 1, checked by hand here.
*/
#include <complex.h>
#include <float.h>
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

int mandel(double complex c, int maxit, double complex *out)
{
    double complex z = 0;
    int k = 0;
    while (k < maxit && cabs(z) < 2.0) {
        z = z * z + c;
        k++;
    }
    *out = z;
    return k;
}

float smooth(float complex c, float complex w, int maxit)
{
    float complex z = w;
    for (int k = 0; k < maxit; k++) {
        if (crealf(z * conjf(z)) > 4.0f)
            break;
        z = z * z + c * cexpf(-0.1f * z);
    }
    return logf(1.0f + cabsf(z)) + cargf(z + 2.0f);
}

#pragma ad jvp(mandel) wrt(c) out(out)
#pragma ad vjp(mandel) wrt(c) out(out)
#pragma ad jvp(smooth) wrt(c, w)
#pragma ad vjp(smooth) wrt(c, w)
#pragma ad grad(smooth) wrt(c, w)

#include "complex_mandel.ad.h"

enum { IT = 12, ITF = 4 }; /* float: few steps, so float differences stay accurate */

static void m_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    double complex z;
    mandel(CMPLX(x[0], x[1]), IT, &z);
    y[0] = creal(z);
    y[1] = cimag(z);
}

static void m_jvp(void *ctx, const double *x, const double *v, double *y, double *yd)
{
    (void)ctx;
    double complex z, zd;
    mandel_jvp(CMPLX(x[0], x[1]), CMPLX(v[0], v[1]), IT, &z, &zd);
    y[0] = creal(z);
    y[1] = cimag(z);
    yd[0] = creal(zd);
    yd[1] = cimag(zd);
}

static void m_vjp(void *ctx, const double *x, double *xb, double *w, double *y)
{
    (void)ctx;
    double complex z, zb = CMPLX(w[0], w[1]), cb = CMPLX(xb[0], xb[1]);
    mandel_vjp(CMPLX(x[0], x[1]), &cb, IT, &z, &zb);
    y[0] = creal(z);
    y[1] = cimag(z);
    w[0] = creal(zb);
    w[1] = cimag(zb);
    xb[0] = creal(cb);
    xb[1] = cimag(cb);
}

/* float: the wrappers round the inputs to float (the oracle's float mode) */
static float complex fc(double re, double im)
{
    return CMPLXF((float)re, (float)im);
}

static void s_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = smooth(fc(x[0], x[1]), fc(x[2], x[3]), ITF);
}

static void s_jvp(void *ctx, const double *x, const double *v, double *y, double *yd)
{
    (void)ctx;
    float d;
    y[0] = smooth_jvp(fc(x[0], x[1]), fc(v[0], v[1]), fc(x[2], x[3]), fc(v[2], v[3]), ITF, &d);
    yd[0] = d;
}

static void s_vjp(void *ctx, const double *x, double *xb, double *w, double *y)
{
    (void)ctx;
    float complex cb = fc(xb[0], xb[1]), wb = fc(xb[2], xb[3]);
    y[0] = smooth_vjp(fc(x[0], x[1]), &cb, fc(x[2], x[3]), &wb, ITF, (float)w[0]);
    w[0] = 0.0;
    xb[0] = crealf(cb);
    xb[1] = cimagf(cb);
    xb[2] = crealf(wb);
    xb[3] = cimagf(wb);
}

int main(void)
{
    OracleRng rng = oracle_rng(3);
    /* inside the set (no escape) and outside (escapes after a few steps) */
    const double cs[3][2] = {{-0.3, 0.2}, {0.1, 0.6}, {0.6, 0.55}};
    for (int i = 0; i < 3; i++) {
        OracleProblem p = {"mandel", 2, 2, m_flat, m_jvp, m_vjp, ccad_tape_empty, 0, 0};
        oracle_check_jvp(&p, NULL, cs[i], &rng, 2, 2);
        oracle_check_vjp(&p, NULL, cs[i], &rng, 2, 2);
        /* closed form: d' = 2 z d + 1 along the same iteration */
        double complex c = CMPLX(cs[i][0], cs[i][1]), z = 0, d = 0, zz, zd;
        int k = 0;
        while (k < IT && cabs(z) < 2.0) {
            d = 2.0 * z * d + 1.0;
            z = z * z + c;
            k++;
        }
        CHECK_EQ_INT("mandel jvp steps", mandel_jvp(c, 1.0, IT, &zz, &zd), k);
        CHECK_CLOSE("mandel dz/dc re", creal(zd), creal(d), 1e-12, 0);
        CHECK_CLOSE("mandel dz/dc im", cimag(zd), cimag(d), 1e-12, 0);
    }
    const double xs[2][4] = {{-0.2, 0.3, 0.1, -0.1}, {0.3, 0.5, 0.2, 0.4}};
    for (int i = 0; i < 2; i++) {
        OracleProblem p = {"smooth", 4, 1, s_flat, s_jvp, s_vjp, ccad_tape_empty, FLT_EPSILON, 0};
        oracle_check_jvp(&p, NULL, xs[i], &rng, 2, 4);
        oracle_check_vjp(&p, NULL, xs[i], &rng, 2, 4);
        float complex cb = 7.0f, wb = 7.0f;
        float v = smooth_grad(fc(xs[i][0], xs[i][1]), &cb, fc(xs[i][2], xs[i][3]), &wb, ITF);
        float complex cb2 = 0.0f, wb2 = 0.0f;
        smooth_vjp(fc(xs[i][0], xs[i][1]), &cb2, fc(xs[i][2], xs[i][3]), &wb2, ITF, 1.0f);
        CHECK_CLOSE("smooth grad primal", v, smooth(fc(xs[i][0], xs[i][1]), fc(xs[i][2], xs[i][3]), ITF), 1e-6, 0);
        CHECK_CLOSE("smooth grad = vjp(1) c re", crealf(cb), crealf(cb2), 1e-6, 0);
        CHECK_CLOSE("smooth grad = vjp(1) w im", cimagf(wb), cimagf(wb2), 1e-6, 0);
    }
    return oracle_result();
}
