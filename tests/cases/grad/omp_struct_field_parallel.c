// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-WARNING: zeroes the floating fields of
// EXPECT-NOT-STDERR: run on one thread
// EXPECT-NOT-GENERATED: omp atomic
/* grad/omp_struct_field_parallel: a helper's `#pragma omp parallel for`
** writing memory behind a struct's pointer field (llama2.c's matmul(s->xb,
** ...) with the Transformer in wrt(t[1])): the helper's out[i] is memory the
** caller passed without a size, whose restores the backward sweep logs for
** the end of f_grad (ccad_redo_push). Logged one by one in the loop body
** (a runtime call) they kept both sweeps on one thread; every iteration
** stores its out[i], so the block out[0..n) is logged once before the
** backward loop and the sweeps stay parallel. Its adjoint accumulations
** need no atomics either: w_bar[i * n + j] is each iteration's own row (by
** w's own accesses; x and h share w's memory class as fields of one
** struct, but only x is accumulated into, into per-thread copies), and
** x_bar[j], j < n, is the block every iteration touches: a copy per thread
** of x_bar[0..n), summed after the loop.
** Oracles: central differences of g over (w, x) (the struct's contents on
** entry), and the memory f_grad leaves behind equal to what g leaves
** (the redo log applied), at 1, 2 and 4 threads. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct Net { double *w; double *x; double *h; } Net;

static void matvec(double *out, const double *x, const double *w, int n)
{
    int i;
#pragma omp parallel for
    for (i = 0; i < n; i++) {
        double v = 0;
        for (int j = 0; j < n; j++) v += w[i * n + j] * x[j];
        out[i] = v;
    }
}
double g(Net *t, int n)
{
    matvec(t->h, t->x, t->w, n);
    for (int i = 0; i < n; i++) t->x[i] = tanh(t->h[i]);
    matvec(t->h, t->x, t->w, n);
    double r = 0;
    for (int i = 0; i < n; i++) r += tanh(t->h[i]);
    return r;
}
#pragma ad grad(g) wrt(t[1])

#include "omp_struct_field_parallel.ad.h"

enum { N = 7 };
/* g over the flat inputs (w, then x) */
static void g_flat(void *ctx, const double *wx, double *y)
{
    (void)ctx;
    double w[N * N], x[N], h[N];
    memcpy(w, wx, sizeof w);
    memcpy(x, wx + N * N, sizeof x);
    Net t = {w, x, h};
    *y = g(&t, N);
}
int main(void)
{
    OracleRng rng = oracle_rng(3);
    double wx[N * N + N], fd[N * N + N];
    for (int i = 0; i < N * N + N; i++) wx[i] = oracle_uniform(&rng, -0.6, 0.6);
    oracle_fd_grad(g_flat, NULL, N * N + N, wx, fd);
    double w0[N * N], x0[N], h0[N], wr[N * N], xr[N], hr[N];
    memcpy(wr, wx, sizeof wr);
    memcpy(xr, wx + N * N, sizeof xr);
    Net ref = {wr, xr, hr};
    double r0 = g(&ref, N);
    for (int th = 1; th <= 4; th *= 2) {
        omp_set_num_threads(th);
        double wb[N * N] = {0}, xb[N] = {0}, hb[N] = {0};
        memcpy(w0, wx, sizeof w0);
        memcpy(x0, wx + N * N, sizeof x0);
        for (int i = 0; i < N; i++) h0[i] = 0.5;
        Net t = {w0, x0, h0}, tb = {wb, xb, hb};
        CHECK_CLOSE("primal", g_grad(&t, &tb, N), r0, 1e-14, 0);
        for (int i = 0; i < N * N; i++) CHECK_CLOSE("grad w vs fd", wb[i], fd[i], 1e-6, 1e-8);
        for (int i = 0; i < N; i++) CHECK_CLOSE("grad x vs fd", xb[i], fd[N * N + i], 1e-6, 1e-8);
        for (int i = 0; i < N; i++) CHECK_CLOSE("x left as g leaves it", x0[i], xr[i], 0, 0);
        for (int i = 0; i < N; i++) CHECK_CLOSE("h left as g leaves it", h0[i], hr[i], 0, 0);
    }
    return oracle_result();
}
