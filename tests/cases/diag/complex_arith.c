// EXPECT-EXIT: 1
// EXPECT-DIAG: complex
// EXPECT-STDERR: FILE:12:28: error: complex arithmetic cannot be differentiated; compute with the real and imaginary parts as doubles
#include <complex.h>
/* Complex arithmetic (C99 <complex.h>): cc-ad differentiates real float and
** double code. Without the error, z = x[i] converted to complex and back
** lost its derivative: a zero gradient with only a "no path" warning. */
double spectrum_energy(const double *x, const double *phase, int n)
{
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        double complex z = x[i];
        z = z * cexp(phase[i]);
        e += creal(z * conj(z));
    }
    return e;
}

#pragma ad grad(spectrum_energy) wrt(x[n])
