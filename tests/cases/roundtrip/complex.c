/*
** roundtrip/complex: C99 complex arithmetic as cc-ad lowers it: I, a GNU
** imaginary literal, CMPLX, promotion of reals, conversion to real (which
** keeps the real part), __real__/__imag__, ~z, compound assignments,
** <complex.h> functions in both precisions. The primal cc-ad prints back
** must compute what the original computes.
*/
#include <complex.h>

#include "roundtrip.h"

double cplx(const double *x, int n)
{
    double complex s = 0, z;
    float complex f = 1.0f;
    for (int i = 0; i + 1 < n; i += 2) {
        z = CMPLX(x[i], x[i + 1]);
        s += z * z / (1.0 + I * z) - 0.5i * conj(z);
        s *= cexp(-I * x[i]) + csqrt(z) * cabs(z);
        f = f * (float complex)z + cexpf(f) * 0.1f;
        s -= (double)z + __real__ z * __imag__ z + creal(~z * s) + carg(z + 3.0);
        s += cpow(z, 1.5) + casinh(z) + catan(z / 3.0) + cproj(f);
    }
    double r = s;
    return r + cimag(s) + crealf(f) * cimagf(csinf(f));
}

#pragma ad jvp(cplx) wrt(x[n])

#include "complex.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(41);
    rt_begin("cplx");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[8];
        oracle_fill_uniform(&rng, x, 8, -1, 1);
        rt_cmp(cplx_primal(x, 2 + i % 7), cplx(x, 2 + i % 7), i);
    }
    rt_end();
    return oracle_result();
}
