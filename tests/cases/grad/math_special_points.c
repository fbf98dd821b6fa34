/* math.h in float and double forms: every differentiable function in an expression,
   first derivatives vs central differences (double: 1e-6; float: closed form at 1e-5
   via the double version of the same program), second derivatives (hessian) vs FD of
   grad, special points: pow integer exponent at x<=0, fabs'(0)=0, fmax first at tie,
   pow(0, b) wrt b = 0, sqrt at 0 -> inf. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 4
double fd_all(const double *x)
{
    double a = x[0], b = x[1], c = x[2], d = x[3];
    double s = sin(a) * cos(b) + tan(0.3 * c) + asin(0.5 * d) + acos(0.4 * a) + atan(b)
             + sinh(0.5 * c) + cosh(0.2 * d) + tanh(a) + asinh(b) + acosh(2 + c * c) + atanh(0.3 * d)
             + exp(0.1 * a) + exp2(0.2 * b) + expm1(0.3 * c) + log(2 + d * d) + log2(3 + a * a)
             + log10(4 + b * b) + log1p(c * c) + pow(2 + a * a, b) + sqrt(5 + c) + cbrt(2 + d)
             + hypot(a, b) + atan2(c, d) + fmod(7 * a, 1.3) + fma(a, b, c) + erf(d) + erfc(a)
             + tgamma(2.5 + 0.1 * b) + lgamma(3 + c * c) + copysign(d, a) + ldexp(b, 3) + fmin(a, c) + fmax(b, d)
             + fabs(a - c) + floor(3 * b) * d;
    return s;
}

float ff_all(const float *x)
{
    float a = x[0], b = x[1], c = x[2], d = x[3];
    float s = sinf(a) * cosf(b) + tanf(0.3f * c) + asinf(0.5f * d) + acosf(0.4f * a) + atanf(b)
            + sinhf(0.5f * c) + coshf(0.2f * d) + tanhf(a) + asinhf(b) + acoshf(2 + c * c) + atanhf(0.3f * d)
            + expf(0.1f * a) + exp2f(0.2f * b) + expm1f(0.3f * c) + logf(2 + d * d) + log2f(3 + a * a)
            + log10f(4 + b * b) + log1pf(c * c) + powf(2 + a * a, b) + sqrtf(5 + c) + cbrtf(2 + d)
            + hypotf(a, b) + atan2f(c, d) + fmodf(7 * a, 1.3f) + fmaf(a, b, c) + erff(d) + erfcf(a)
            + tgammaf(2.5f + 0.1f * b) + lgammaf(3 + c * c) + copysignf(d, a) + ldexpf(b, 3) + fminf(a, c) + fmaxf(b, d)
            + fabsf(a - c) + floorf(3 * b) * d;
    return s;
}

double special(const double *x)
{
    return pow(x[0], 2.0) + pow(x[1], 3) + fabs(x[2]) + fmax(x[3], x[4]) + pow(x[5], x[6]) + 2 * sqrt(x[7]);
}
float specialf(const float *x)
{
    return powf(x[0], 2.0f) + powf(x[1], 3) + fabsf(x[2]) + fmaxf(x[3], x[4]) + powf(x[5], x[6]) + 2 * sqrtf(x[7]);
}

#pragma ad grad(fd_all) wrt(x[4])
#pragma ad jvp(fd_all) wrt(x)
#pragma ad hessian(fd_all) wrt(x[4])
#pragma ad grad(ff_all) wrt(x[4])
#pragma ad hessian(ff_all) wrt(x[4])
#pragma ad grad(special) wrt(x[8])
#pragma ad jvp(special) wrt(x)
#pragma ad grad(specialf) wrt(x[8])
#pragma ad jvp(specialf) wrt(x)

#include "math_special_points.ad.h"

int main(void)
{
    const double x[N] = {0.37, -0.61, 0.83, 0.45};
    double g[N], fd[N], H[N * N];
    fd_all_grad(x, g);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], h = 1e-6;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[j] += h; xm[j] -= h;
        fd[j] = (fd_all(xp) - fd_all(xm)) / (2 * h);
    }
    CHECK_VEC_CLOSE("double grad vs fd", g, fd, N, 1e-6, 1e-8);
    double v[N] = {0.5, -1, 0.25, 2}, t, dot = 0;
    fd_all_jvp(x, v, &t);
    for (int j = 0; j < N; j++) dot += g[j] * v[j];
    CHECK_CLOSE("double jvp vs grad", t, dot, 1e-12, 1e-14);
    fd_all_hessian(x, H);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], gp[N], gm[N], h = 1e-5;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[j] += h; xm[j] -= h;
        fd_all_grad(xp, gp); fd_all_grad(xm, gm);
        for (int i = 0; i < N; i++) CHECK_CLOSE("double hessian vs fd(grad)", H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
    }
    float xf[N], gf[N], Hf[N * N];
    for (int j = 0; j < N; j++) xf[j] = (float)x[j];
    CHECK_CLOSE("float primal", ff_all_grad(xf, gf), ff_all(xf), 0, 0);
    ff_all_hessian(xf, Hf);
    for (int j = 0; j < N; j++) CHECK_CLOSE("float grad vs double grad", gf[j], g[j], 1e-4, 1e-5);
    for (int j = 0; j < N * N; j++) CHECK_CLOSE("float hessian vs double", Hf[j], H[j], 1e-3, 1e-4);

    /* special points */
    const double s[8] = {0.0, -2.0, 0.0, 1.5, 1.5, 0.0, 2.5, 0.0};
    const double sw[8] = {0.0, 12.0, 0.0, 1.0, 0.0, 0.0, 0.0, INFINITY};
    double sg[8];
    special_grad(s, sg);
    CHECK_VEC_CLOSE("special grad", sg, sw, 7, 1e-14, 0);
    CHECK_TRUE("sqrt'(0) infinite", isinf(sg[7]) && sg[7] > 0);
    double sv[8] = {1, 1, 1, 1, 1, 1, 1, 0}, st;
    double s1[8];
    memcpy(s1, s, sizeof s1);
    s1[7] = 1.0; /* a zero tangent times sqrt'(0) = inf is NaN, as in JAX */
    special_jvp(s1, sv, &st);
    CHECK_CLOSE("special jvp", st, 0 + 12 + 0 + 1 + 0 + 0 + 0, 1e-14, 0);
    const double s2[8] = {-1.5, -0.5, -0.7, 0.0, 2.0, 0.0, 0.0, 4.0};
    special_grad(s2, sg);
    const double sw2[8] = {-3.0, 0.75, -1.0, 0.0, 1.0, 0.0, 0.0, 0.5};
    CHECK_VEC_CLOSE("special grad 2", sg, sw2, 8, 1e-14, 0);
    float sf[8], sgf[8];
    for (int j = 0; j < 8; j++) sf[j] = (float)s[j];
    specialf_grad(sf, sgf);
    for (int j = 0; j < 7; j++) CHECK_CLOSE("specialf grad", sgf[j], sw[j], 1e-6, 0);
    CHECK_TRUE("sqrtf'(0) infinite", isinf(sgf[7]));
    for (int j = 0; j < 8; j++) sf[j] = (float)s2[j];
    specialf_grad(sf, sgf);
    for (int j = 0; j < 8; j++) CHECK_CLOSE("specialf grad 2", sgf[j], sw2[j], 1e-6, 0);
    float svf[8] = {1, 1, 1, 1, 1, 1, 1, 0}, stf;
    for (int j = 0; j < 8; j++) sf[j] = (float)s1[j];
    specialf_jvp(sf, svf, &stf);
    CHECK_CLOSE("specialf jvp", stf, 13.0, 1e-6, 0);
    return oracle_result();
}
