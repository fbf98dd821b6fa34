/*
** cuda/math_classify (probe15): <math.h>'s classification macros (isnan,
** isinf, isfinite, signbit, fpclassify, isgreater) and frexp/modf with
** out-parameters, nextafter, fma, remainder in device code. glibc expands
** the macros to compiler builtins (__builtin_isinf_sign,
** __builtin_fpclassify, __builtin_isgreater) that nvcc refuses in device
** code: FILE.ad.cu now calls templates of its own with C's results. Oracle:
** f_cuda_host bitwise against f and f_grad element by element, on values
** with a NaN, a zero and a negative zero.
*/
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double v = x[i];
        if (isnan(v) || isinf(v) || !isfinite(v)) continue;
        int e; double m = frexp(v, &e);
        double ip; double fr = modf(v * 3.0, &ip);
        s += signbit(v) ? -m * ldexp(1.0, e) : copysign(m, v) * e + fr + ip;
        s += fma(v, v, 1.0) + nextafter(v, 2.0) - v + (fpclassify(v) == FP_ZERO ? 1.0 : 0.0) + (isgreater(v, 0.5) ? v : 0.0);
        float vf = (float)v;
        s += isnan(vf) + signbit(vf) + trunc(v) + round(v) + fmod(v, 0.3) + remainder(v, 0.3);
    }
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad cuda(f) batch(x[n])
#pragma ad cuda(f_grad) batch(x[n], x_bar[n])

#include "math_classify.ad.h"

enum { B = 3, N = 5 };

int main(void)
{
    OracleRng rng = oracle_rng(61);
    static double x[B * N], r[B], rg[B], xb[B * N], wxb[B * N];
    oracle_fill_uniform(&rng, x, B * N, -2.0, 2.0);
    x[2] = 0.0; x[7] = NAN; x[9] = -0.0;
    f_cuda_host(B, x, N, r);
    f_grad_cuda_host(B, x, xb, N, rg);
    for (int b = 0; b < B; b++) {
        CHECK_CLOSE("f", r[b], f(x + b * N, N), 0, 0);
        CHECK_CLOSE("g", rg[b], f_grad(x + b * N, wxb + b * N, N), 0, 0);
    }
    CHECK_VEC_CLOSE("xb", xb, wxb, B * N, 0, 0);
    return oracle_result();
}
