// EXPECT-EXIT: 1
// EXPECT-DIAG: realloc_rev
// EXPECT-STDERR: FILE:19:13: error: realloc is not supported in reverse mode for a buffer that carries derivatives unless its pointer is a local variable
// EXPECT-STDERR: FILE:32:10: error: realloc is not supported in reverse mode unless its result is stored back into its pointer
#include <stdlib.h>
/* A buffer with derivatives grown by realloc through a structure's field
** (its size cannot be followed; a local pointer can: grad/
** realloc_active_growth); an index buffer whose realloc'd block goes to
** another pointer (the old one, freed, is what the backward sweep would
** free) */
typedef struct { double *v; int cap; } Hist;
double running_mean(const double *x, int n)
{
    Hist h = {malloc(4 * sizeof(double)), 4};
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        if (i == h.cap) {
            h.cap *= 2;
            h.v = realloc(h.v, h.cap * sizeof(double));
        }
        h.v[i] = x[i];
        s += h.v[i];
    }
    free(h.v);
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
