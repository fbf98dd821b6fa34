// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_host_call
// EXPECT-STDERR: FILE:19:13: error: 'f_cuda' cannot run on a GPU: it calls 'fprintf' (a host-only function); batch it with vmap instead
// EXPECT-STDERR: FILE:25:17: note: 'f_cuda' is requested here
// EXPECT-ERRORS: 1
/* A function run on the GPU calls a C library function that device code
** does not have (fprintf to stderr here; exit, abort, puts, rand, qsort,
** strlen ... likewise): nvcc failed on FILE.ad.cu ("calling a __host__
** function from a __host__ __device__ function"), and stderr was reported
** as a file-scope variable to pass as a parameter (probe15). One error at
** the call, with vmap as the way out. */
#include <stdio.h>

double f(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        if (x[i] < -10.0)
            fprintf(stderr, "out of range: %g\n", x[i]);
        s += x[i] * x[i];
    }
    return s;
}

#pragma ad cuda(f) batch(x[n])
