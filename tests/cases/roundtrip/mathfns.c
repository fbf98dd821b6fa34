/*
** roundtrip/mathfns: every <math.h> function with a rule (rules.def), in
** double and float form, a __builtin_ spelling, the piecewise-constant ones
** (floor, round, lround, ...), frexp and modf with their pointer outputs,
** (isnan, isfinite, signbit: roundtrip/classify). Math calls stay
** inside expressions when lowered, so this checks their arguments and
** nesting survive.
*/
#include <math.h>

#include "roundtrip.h"

double mathd(const double *x)
{
    double a = x[0], b = x[1], c = x[2];       /* a, b in (0.1, 0.9), c in (-2, 2) */
    double s = sin(a) + cos(b) * tan(c / 4) + asin(a) - acos(b) + atan(c) + atan2(c, a);
    s += sinh(c) + cosh(a) - tanh(c) + asinh(c) + acosh(1.0 + a) + atanh(b);
    s += exp(a) + exp2(c) + expm1(b) + log(a) + log2(b) + log10(a + b) + log1p(c * c);
    s += sqrt(a + 1) + cbrt(c) + pow(a, c) + hypot(a, c) + fabs(c) + fmin(a, c) + fmax(b, c);
    s += fdim(c, a) + fmod(c, a) + remainder(c, b) + copysign(a, c) + fma(a, b, c);
    s += erf(c) + erfc(a) + tgamma(a + 1) + lgamma(b + 2);
    int e;
    double m = frexp(c * 10, &e);
    double ip;
    double fr = modf(c * 3.3, &ip);
    s += m + e + fr + ip + ldexp(a, 3) + scalbn(b, -2);
    s += floor(c) + ceil(c) + round(c * 2) + trunc(c * 3) + rint(c * 1.5) + nearbyint(c) + lround(c * 4);
    s += __builtin_sin(a) + __builtin_exp(-b) + __builtin_sqrt(a * b);
    s += sin(cos(exp(-a * b))) * pow(sqrt(a), cbrt(b + 1));
    return s;
}

float mathf(const float *x)
{
    float a = x[0], b = x[1], c = x[2];
    float s = sinf(a) + cosf(b) * tanf(c / 4) + asinf(a) - acosf(b) + atanf(c) + atan2f(c, a);
    s += sinhf(c) + coshf(a) - tanhf(c) + asinhf(c) + acoshf(1.0f + a) + atanhf(b);
    s += expf(a) + exp2f(c) + expm1f(b) + logf(a) + log2f(b) + log10f(a + b) + log1pf(c * c);
    s += sqrtf(a + 1) + cbrtf(c) + powf(a, c) + hypotf(a, c) + fabsf(c) + fminf(a, c) + fmaxf(b, c);
    s += fdimf(c, a) + fmodf(c, a) + remainderf(c, b) + copysignf(a, c) + fmaf(a, b, c);
    s += erff(c) + erfcf(a) + tgammaf(a + 1) + lgammaf(b + 2);
    int e;
    float m = frexpf(c * 10, &e);
    float ip;
    float fr = modff(c * 3.3f, &ip);
    s += m + e + fr + ip + ldexpf(a, 3) + scalbnf(b, -2);
    s += floorf(c) + ceilf(c) + roundf(c * 2) + truncf(c * 3) + rintf(c * 1.5f) + nearbyintf(c) + lroundf(c * 4);
    s += __builtin_sinf(a) + __builtin_expf(-b);
    return s;
}

#pragma ad jvp(mathd) wrt(x[3])
#pragma ad jvp(mathf) wrt(x[3])

#include "mathfns.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(31);
    rt_begin("mathd");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[3] = {oracle_uniform(&rng, 0.1, 0.9), oracle_uniform(&rng, 0.1, 0.9), oracle_uniform(&rng, -2, 2)};
        rt_cmp(mathd_primal(x), mathd(x), i);
    }
    rt_end();
    rt_begin("mathf");
    for (int i = 0; i < RT_NCASES; i++) {
        float x[3] = {(float)oracle_uniform(&rng, 0.1, 0.9), (float)oracle_uniform(&rng, 0.1, 0.9),
                      (float)oracle_uniform(&rng, -2, 2)};
        rt_cmp(mathf_primal(x), mathf(x), i);
    }
    rt_end();
    return oracle_result();
}
