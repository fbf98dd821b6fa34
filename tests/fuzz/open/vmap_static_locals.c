/* OPEN (probe6): silently wrong results, vmap (and vmap of f_grad, so any
** batched derivative) of f2c-style code. f2c makes every local static;
** cc-ad accepts such statics when each is stored before it is read ("note:
** static local 't' is written before it is read on every path: its
** derivative is an ordinary local"), but the generated resid_grad keeps
** them static (static doublereal t, acc; static int i;) and resid_vmap
** calls the original resid, so the OpenMP-parallel batch loop runs all
** elements on the same statics, the loop counter i included. With
** OMP_NUM_THREADS=2 most runs of this program crash (SIGSEGV: i runs past
** n in one thread) or report ~1e6 batched gradient entries that differ
** from the unbatched calls; with 1 thread all are equal. (A race: the
** exact count varies from run to run.) The contract: element b of f_vmap is what f gives on
** element b. Expected: the statics that carry no state made automatic in
** the generated copies (and the primal run through such a copy in
** f_vmap), or a warning/error that the function is not reentrant.
** The same in cuda(f) / cuda(f_grad): FILE.ad.cu keeps
**   static __host__ __device__ doublereal ccad_dev_rs(...)
**   { static doublereal t; static doublereal acc; static int i; ...
** which nvcc accepts, so every GPU thread of the batch would share them
** (not run on a GPU here: no device in this session; f_cuda_host, serial,
** is right).
** Run: OMP_NUM_THREADS=2 bash tests/harness/run_case.sh build/tool/cc-ad
**      build/runtime/libccad.a include /tmp/w tests/fuzz/open/vmap_static_locals.c
*/
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef double doublereal;

doublereal resid(const doublereal *x, const int *n)
{
    static doublereal t, acc;
    static int i;
    acc = 0.;
    for (i = 0; i < *n; ++i) {
        t = x[i] * x[i] - cos(x[(i + 1) % *n]);
        t = t * t;
        acc += t * (i + 1);
    }
    return acc;
}

#pragma ad grad(resid) wrt(x[*n])
#pragma ad vmap(resid) batch(x[*n])
#pragma ad vmap(resid_grad) batch(x[*n], x_bar[*n])

#include "vmap_static_locals.ad.h"

#define N 2000
#define B 64

int main(void)
{
    OracleRng rng = oracle_rng(221);
    static double X[B * N], G[B * N], R[B], R2[B];
    int n = N;
    oracle_fill_uniform(&rng, X, B * N, -1, 1);
    int bad = 0, badg = 0;
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
