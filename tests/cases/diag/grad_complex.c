// EXPECT-EXIT: 1
// EXPECT-DIAG: grad_complex
// EXPECT-STDERR: FILE:17:17: error: 'grad' needs a real scalar output, and 'horner' is complex
// EXPECT-STDERR: FILE:18:29: error: 'grad' needs a real scalar output, and 'w' is complex
#include <complex.h>
/* A complex result is two real outputs: grad (seed 1) would silently
** differentiate its real part only. */
double complex horner(double complex z, const double *a, int n)
{
    double complex s = 0;
    for (int i = 0; i < n; i++)
        s = s * z + a[i];
    return s;
}
void square(double complex z, double complex *w) { *w = z * z; }

#pragma ad grad(horner) wrt(z)
#pragma ad grad(square) out(w)
