// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_host_call
// EXPECT-STDERR: FILE:18:14: error: 'f_cuda' cannot run on a GPU: it calls 'weight', which is defined in another file
// EXPECT-STDERR: FILE:22:17: note: 'f_cuda' is requested here
// EXPECT-ERRORS: 1
/* A function run on the GPU calls one that FILE.c declares but another
** file defines (probe15): FILE.ad.cu has no body to compile for the
** device, and nvcc failed on it ("identifier weight is undefined"). An
** error at the call instead, with vmap as the way out. */
#include <math.h>

double weight(int i);

double f(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += weight(i) * sin(x[i]);
    return s;
}

#pragma ad cuda(f) batch(x[n])
