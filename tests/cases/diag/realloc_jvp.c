// EXPECT-EXIT: 1
// EXPECT-DIAG: realloc
// EXPECT-STDERR: FILE:13:13: error: realloc of a buffer that carries derivatives is not supported
#include <stdlib.h>
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
#pragma ad jvp(running_mean) wrt(x[n])
