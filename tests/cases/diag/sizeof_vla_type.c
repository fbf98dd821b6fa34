// EXPECT-EXIT: 1
// EXPECT-DIAG: sizeof_vla
// EXPECT-STDERR: FILE:13:24: error: sizeof of a variable-length array type
// EXPECT-STDERR: n * sizeof(double)
/* sizeof of a variable-length array type: libclang gives no way to read
** the type back, and its only child is the length n, which was taken for
** the operand (sizeof(n), 4 bytes instead of 8 * n): an error. */
#include <stdlib.h>
#include <string.h>

double f(const double *x, int n)
{
    double *w = malloc(sizeof(double[n]));
    memcpy(w, x, sizeof(double[n]));
    double s = 0;
    for (int i = 0; i < n; i++)
        s += w[i] * w[i];
    free(w);
    return s;
}

#pragma ad grad(f) wrt(x[n])
