/*
** cuda/complex_convert (probe15): a complex value converted to a real type
** (double re = z; int k = z; (long)zf; float fr = zf: C takes the real part)
** or used as a truth value (bool nz = z; if (z), !z, z && t, zf ? a : b:
** C's z != 0). ccad_cuda_complex.h's classes had no such conversions and
** nvcc rejected FILE.ad.cu; the device code now reads the real part
** (ccad_creal) where C converts, and the classes convert to bool
** explicitly (contexts of a truth value only). Oracle: f_cuda_host
** bitwise against q and q_grad element by element; elements with zeros
** take the false branches.
*/
#include <math.h>
#include <complex.h>
#include <stdbool.h>
#include "ccad_oracle.h"

double q(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double complex z = x[i] * 3.0 + I * (i % 2 ? 0.0 : x[i]);
        float complex zf = (float complex)z;
        bool nz = z;
        int k = z;
        long kk = (long)zf;
        float fr = zf;
        if (z) s += 1.0;
        if (!z) s -= 0.5;
        if (z && x[i] > 0) s += creal(z);
        s += nz + k + kk + fr * (zf ? 2.0 : 3.0) + (double)z;
    }
    return s;
}

#pragma ad grad(q) wrt(x[n])
#pragma ad cuda(q) batch(x[n])
#pragma ad cuda(q_grad) batch(x[n], x_bar[n])

#include "complex_convert.ad.h"

enum { B = 3, N = 6 };

int main(void)
{
    static double x[B * N] = {0.0, 0.5, -0.7, 0.1, 0.0, 0.9, 0.4, 0.0, -0.2, 0.0, 0.35, 0.6, -0.9, 0.0, 0.2, 0.8, 0.0, -0.1};
    static double r[B], rg[B], xb[B * N], wxb[B * N];
    q_cuda_host(B, x, N, r);
    q_grad_cuda_host(B, x, xb, N, rg);
    for (int b = 0; b < B; b++) {
        CHECK_CLOSE("q", r[b], q(x + b * N, N), 0, 0);
        CHECK_CLOSE("qg", rg[b], q_grad(x + b * N, wxb + b * N, N), 0, 0);
    }
    CHECK_VEC_CLOSE("xb", xb, wxb, B * N, 0, 0);
    return oracle_result();
}
