// EXPECT-EXIT: 1
// EXPECT-DIAG: realloc
// EXPECT-STDERR: FILE:11:13: error: realloc into a buffer that carries derivatives is supported only where it grows such a buffer
#include <stdlib.h>
/* Forward mode reallocs the tangent block beside the primal one where
** realloc grows a buffer with derivatives (jvp/realloc_grow); a block
** that realloc makes from nothing (realloc(NULL, n): a malloc) has no
** tangent block to grow. */
double running_mean(const double *x, int n)
{
    double *hist = realloc(NULL, n * sizeof(double));
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        hist[i] = x[i];
        s += hist[i];
    }
    free(hist);
    return s / n;
}
#pragma ad jvp(running_mean) wrt(x[n])
