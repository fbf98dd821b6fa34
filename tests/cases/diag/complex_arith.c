// EXPECT-EXIT: 1
// EXPECT-DIAG: complex
// EXPECT-STDERR: FILE:13:33: error: long double complex arithmetic cannot be differentiated; use double complex or float complex
#include <complex.h>
/* long double complex: cc-ad differentiates float and double complex
** numbers (and never long double). Without the error, z converted to long
** double complex and back lost its derivative: a zero gradient with only a
** "no path" warning. */
double spectrum_energy(const double *x, const double *phase, int n)
{
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        long double complex z = x[i];
        z = z * cexpl(I * phase[i]);
        e += (double)creall(z * conjl(z));
    }
    return e;
}

#pragma ad grad(spectrum_energy) wrt(x[n])
