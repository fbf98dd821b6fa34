// EXPECT-EXIT: 1
// EXPECT-DIAG: untyped_copy
// EXPECT-STDERR: FILE:9:5: error: memcpy between untyped buffers that carry derivatives is not supported in reverse mode
#include <string.h>
#include <stddef.h>
/* A byte-copy helper on void pointers, as in many C code bases */
static void copy_bytes(void *dst, const void *src, size_t nbytes)
{
    memcpy(dst, src, nbytes);
}

double energy(const double *x, int n)
{
    double y[64];
    copy_bytes(y, x, (size_t)n * sizeof(double));
    double e = 0.0;
    for (int i = 0; i < n; i++) e += y[i] * y[i] * y[i];
    return e;
}

#pragma ad grad(energy) wrt(x[n])
