// EXPECT-EXIT: 1
// EXPECT-DIAG: realloc_rev
// EXPECT-STDERR: FILE:17:13: error: realloc is not supported in reverse mode for a buffer that carries derivatives
// EXPECT-STDERR: FILE:30:10: error: realloc is not supported in reverse mode unless its result is stored back into its pointer
#include <stdlib.h>
/* A buffer that grows with realloc while it holds values with derivatives;
** an index buffer whose realloc'd block goes to another pointer (the old
** one, freed, is what the backward sweep would free) */
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

double moved(const double *x, int n)
{
    int *idx = malloc(sizeof(int));
    idx[0] = n - 1;
    int *big = realloc(idx, 2 * sizeof(int));
    double s = x[big[0]] * x[0];
    free(big);
    return s;
}

#pragma ad grad(running_mean) wrt(x[n])
#pragma ad grad(moved) wrt(x[n])
