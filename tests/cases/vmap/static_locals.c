/* vmap/static_locals: vmap of f2c-style code, whose locals are static.
** cc-ad accepts a static that is stored before it is read on every path
** (a note: its derivative is an ordinary local); such a static holds
** nothing between calls, so code cc-ad prints declares it as an ordinary
** local: the generated gradient, the copy of a static helper of the file,
** and, since the user's own resid keeps its statics and vmap's OpenMP
** threads would share them (the loop counter i included: crashes, or
** elements mixing each other's sums), a copy of resid that resid_vmap
** calls. Oracle: the unbatched resid and resid_grad on each element,
** bitwise, over repeated runs on 4 threads. Before, the statics stayed
** static and most runs crashed or mismatched. */
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include <omp.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef double doublereal;

/* a static helper of the file: FILE.ad.c has its own copy */
static doublereal sqdiff(const doublereal *a, const doublereal *b)
{
    static doublereal d;
    d = *a * *a - cos(*b);
    return d * d;
}

doublereal resid(const doublereal *x, const int *n)
{
    static doublereal t, acc;
    static int i;
    acc = 0.;
    for (i = 0; i < *n; ++i) {
        t = sqdiff(&x[i], &x[(i + 1) % *n]);
        acc += t * (i + 1);
    }
    return acc;
}

#pragma ad grad(resid) wrt(x[*n])
#pragma ad vmap(resid) batch(x[*n])
#pragma ad vmap(resid_grad) batch(x[*n], x_bar[*n])

#include "static_locals.ad.h"

#define N 2000
#define B 64

int main(void)
{
    OracleRng rng = oracle_rng(221);
    static double X[B * N], G[B * N], R[B], R2[B];
    int n = N;
    oracle_fill_uniform(&rng, X, B * N, -1, 1);
    int bad = 0, badg = 0;
    omp_set_num_threads(4);
    for (int rep = 0; rep < 10; rep++) {
        resid_vmap(B, X, &n, R);
        resid_grad_vmap(B, X, G, &n, R2);
        for (int b = 0; b < B; b++) {
            double g[N];
            double r = resid(X + b * N, &n);
            double r2 = resid_grad(X + b * N, g, &n);
            if (R[b] != r) bad++;
            if (R2[b] != r2) bad++;
            for (int i = 0; i < N; i++) if (G[b * N + i] != g[i]) badg++;
        }
    }
    CHECK_EQ_INT("vmap primal mismatches", bad, 0);
    CHECK_EQ_INT("vmap grad mismatches", badg, 0);
    return oracle_result();
}
