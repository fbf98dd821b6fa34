// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_complex
// EXPECT-STDERR: FILE:16:17: error: 'misfit_cuda' cannot run on a GPU: it computes with complex numbers
#include <complex.h>
/* C99 complex numbers work in every CPU mode (vmap included), but CUDA C++
** has no _Complex: FILE.ad.cu would not compile. */
double misfit(const double complex *z, double complex s, int n)
{
    double complex r = 0;
    for (int i = 0; i < n; i++)
        r += cexp(-s * z[i]);
    return creal(r * conj(r));
}

#pragma ad vmap(misfit) batch(z[n], s)
#pragma ad cuda(misfit) batch(z[n], s)
