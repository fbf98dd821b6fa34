// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_long_double
// EXPECT-STDERR: FILE:13:21: error: 'f_cuda' cannot run on a GPU: it computes in long double
// EXPECT-STDERR: FILE:21:17: note: 'f_cuda' is requested here
// EXPECT-ERRORS: 1
/* A function run on the GPU sums in long double: device code computes
** long double as double, so f_cuda would give other results than f on the
** CPU (nvcc only warned: "'long double' is treated as 'double' in device
** code", which made FILE.ad.cu fail a warning-free build; probe15). An
** error at the first use, with double or vmap as the way out. */
double f(const double *x, int n)
{
    long double s = 0;
    for (int i = 0; i < n; i++)
        s += (long double)x[i] * x[i];
    return (double)s;
}

/* the batch */

#pragma ad cuda(f) batch(x[n])
