/* p = realloc(p, bytes) of a buffer without derivatives (an index list
** that grows, two reallocs here) in reverse mode: the primal's call, the
** backward sweep reading the indices from the last block, freed at the
** end (it was refused: "realloc is not supported in reverse mode"; the
** manual rejects realloc of an active buffer only). The gradient of
** sum_k (k+1) x[idx_k]^2 over the positive entries is checked in closed
** form. */
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

double idxbuf(const double *x, int n)
{
    int cap = 2, cnt = 0;
    int *idx = malloc((size_t)cap * sizeof *idx);
    for (int i = 0; i < n; i++) {
        if (x[i] > 0) {
            if (cnt == cap) {
                cap *= 2;
                idx = realloc(idx, (size_t)cap * sizeof *idx);
            }
            idx[cnt++] = i;
        }
    }
    double s = 0;
    for (int k = 0; k < cnt; k++)
        s += x[idx[k]] * x[idx[k]] * (k + 1);
    free(idx);
    return s;
}

#pragma ad grad(idxbuf) wrt(x[n])

#include "realloc_inactive.ad.h"

int main(void)
{
    enum { N = 5 };
    double x[N] = {0.3, 0.2, -0.7, 1.1, 0.5}, g[N];
    double want[N] = {2 * 0.3 * 1, 2 * 0.2 * 2, 0, 2 * 1.1 * 3, 2 * 0.5 * 4};
    double v = idxbuf_grad(x, g, N);
    CHECK_CLOSE("primal", v, idxbuf(x, N), 0, 0);
    CHECK_VEC_CLOSE("grad", g, want, N, 1e-12, 1e-14);
    return oracle_result();
}
