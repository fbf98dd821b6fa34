/*
** roundtrip/alloc: malloc, calloc and free scratch buffers (with
** and without casts, sizeof *p and sizeof(T) sizes), an int index buffer,
** a buffer allocated inside a loop, and a buffer filled with memset and
** memcpy.
*/
#include <stdlib.h>
#include <string.h>

#include "roundtrip.h"

double alloc(const double *x, int n)
{
    double *w = malloc((size_t)n * sizeof *w);
    double *z = (double *)calloc((size_t)n, sizeof(double));
    int *order = malloc(sizeof(int) * (size_t)n);
    memcpy(w, x, (size_t)n * sizeof(double));
    for (int i = 0; i < n; i++) {
        order[i] = n - 1 - i;
        z[i] += w[order[i]] * (i + 1);
    }
    double s = 0.0;
    for (int r = 0; r < 3; r++) {
        double *tmp = malloc(sizeof(double) * (size_t)(n + r));
        memset(tmp, 0, sizeof(double) * (size_t)(n + r));
        for (int i = 0; i < n; i++)
            tmp[i + r] = z[i] - w[i];
        for (int i = 0; i < n + r; i++)
            s += tmp[i] * tmp[i] * (r + 1);
        free(tmp);
    }
    double *w2 = malloc(2 * (size_t)n * sizeof(double));  /* realloc: refused by design */
    memcpy(w2, w, (size_t)n * sizeof(double));
    free(w);
    w = w2;
    for (int i = 0; i < n; i++)
        w[n + i] = w[i] * 0.5;
    for (int i = 0; i < 2 * n; i++)
        s += w[i];
    free(order);
    free(z);
    free(w);
    return s;
}

#pragma ad jvp(alloc) wrt(x[n])

#include "alloc.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(33);
    rt_begin("alloc");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[9];
        oracle_fill_uniform(&rng, x, 9, -1, 1);
        rt_cmp(alloc_primal(x, 1 + i % 9), alloc(x, 1 + i % 9), i);
    }
    rt_end();
    return oracle_result();
}
