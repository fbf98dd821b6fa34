// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* jac/user_threads (probe6): generated functions called concurrently from
** the user's own OpenMP loop (per-sample gradients and Hessians, as a
** training loop batches them by hand): a helper with a local array (the
** frame its forward and backward code share), a checkpointed loop (the
** per-thread schedule and counters), jacrev's kept forward tape and a
** sparse jacfwd with one ccad_csr per thread (the manual: one ccad_csr per
** thread). Oracle: each result bitwise equal to the same call made
** serially afterwards (the sparse values to 1e-12: its colouring sums
** columns), and the tape empty at the end.
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

static double layer(const double *x, const double *w, int n)
{
    double h[8];
    for (int i = 0; i < n; i++) {
        h[i] = 0.0;
        for (int j = 0; j < n; j++) h[i] += w[i * n + j] * x[j];
        h[i] = tanh(h[i]);
    }
    double s = 0.0;
    for (int i = 0; i < n; i++) s += h[i] * h[(i + 1) % n];
    return s;
}

double sample(const double *x, const double *w, int n)
{
    double z[8], acc = 0.0;
    memcpy(z, x, (size_t)n * sizeof *z);
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < 5; t++) {
        acc += layer(z, w, n);
        for (int i = 0; i < n; i++) z[i] = sin(z[i] + 0.1 * acc);
    }
    return acc;
}

void svec(const double *x, const double *w, double *y, int n)
{
    for (int i = 0; i < n; i++) {
        double hh[8];
        for (int j = 0; j < n; j++) hh[j] = w[i * n + j] * x[j];
        y[i] = layer(hh, w, n);
    }
}

#pragma ad grad(sample) wrt(w[n*n])
#pragma ad hessian(sample) wrt(x[n])
#pragma ad jacrev(svec) wrt(x[n]) out(y[n])
#pragma ad jacfwd(svec) wrt(x[n]) out(y[n]) sparse

#include "user_threads.ad.h"

#define N 4
#define S 64

int main(void)
{
    OracleRng rng = oracle_rng(241);
    static double X[S * N], W[N * N], G[S * N * N], Hs[S * N * N], J[S * N * N], JS[S * N * N];
    oracle_fill_uniform(&rng, X, S * N, -1, 1);
    oracle_fill_uniform(&rng, W, N * N, -1, 1);
    #pragma omp parallel for schedule(dynamic, 1)
    for (int s = 0; s < S; s++) {
        double y[N];
        sample_grad(X + s * N, W, G + s * N * N, N);
        sample_hessian(X + s * N, W, N, Hs + s * N * N);
        svec_jacrev(X + s * N, W, y, N, J + s * N * N);
        ccad_csr A = {0};
        svec_jacfwd(X + s * N, W, y, N, &A);
        memset(JS + s * N * N, 0, sizeof(double) * N * N);
        for (int i = 0; i < N; i++)
            for (int k = A.rowptr[i]; k < A.rowptr[i + 1]; k++) JS[s * N * N + i * N + A.col[k]] = A.val[k];
        ccad_csr_free(&A);
    }
    int bad = 0;
    for (int s = 0; s < S; s++) {
        double g[N * N], h[N * N], j[N * N], y[N];
        sample_grad(X + s * N, W, g, N);
        sample_hessian(X + s * N, W, N, h);
        svec_jacrev(X + s * N, W, y, N, j);
        for (int k = 0; k < N * N; k++) {
            if (g[k] != G[s * N * N + k]) bad++;
            if (h[k] != Hs[s * N * N + k]) bad++;
            if (j[k] != J[s * N * N + k]) bad++;
            if (fabs(j[k] - JS[s * N * N + k]) > 1e-12) bad++;
        }
    }
    CHECK_EQ_INT("parallel vs serial mismatches", bad, 0);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
