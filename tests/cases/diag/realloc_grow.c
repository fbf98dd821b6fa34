// EXPECT-EXIT: 1
// EXPECT-DIAG: realloc_rev
// EXPECT-STDERR: FILE:14:13: error: realloc is not supported in reverse mode
#include <stdlib.h>
/* A buffer that grows with realloc while it holds values with derivatives */
double running_mean(const double *x, int n)
{
    int cap = 4;
    double *hist = malloc(cap * sizeof(double));
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        if (i == cap) {
            cap *= 2;
            hist = realloc(hist, cap * sizeof(double));
        }
        hist[i] = x[i];
        s += hist[i];
    }
    free(hist);
    return s / n;
}

#pragma ad grad(running_mean) wrt(x[n])
