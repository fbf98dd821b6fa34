// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* OPEN (probe20): SILENTLY WRONG GRADIENT WITH >= 2 THREADS (data race in
** the backward sweep). A helper's `#pragma omp parallel for` reads two
** pointers into ONE buffer, w (rows w[i * n + j], j < n) and x = w + 1
** (x[i]), both read-only: valid C, and outside contract section 4's
** no-overlap rule (the requested g has one pointer parameter; nothing
** writes the buffer). In rowsc_bwd both adjoint accumulations are plain:
** x_bar[i] += ... (by the counter) and w_bar[i * n + j] += ... (rows apart
** by w's own accesses: omp_rows_own_disjoint, settle_apart), but x_bar and
** w_bar point into one buffer_bar, so iteration i's x_bar[i] = buf_bar[i+1]
** is iteration (i+1)/n's row: two threads add into one element unguarded
** (settle_apart only looks for another pointer of the class accumulated
** ATOMICALLY, not plainly). TSan (clang -fsanitize=thread + Archer) reports
** the race at the two lines at once; the gradient differs from central
** differences by O(1) in some runs at 2-4 threads, always right at 1.
** The same with the pointers as fields of one struct (Net {double *w, *x;}
** with t.x = t.w + 1, grad(g) wrt(t[1]), grad/omp_struct_field_parallel's
** shape): fails in 25% of the checks. Non-overlapping (x = w + m * n):
** passes. Expected: copies or atomics for one of the two (or a run-time
** test that the extents of x and w do not meet); got: both plain.
** Run: run_case.sh ... omp_own_rows_overlap.c (with OMP_NUM_THREADS unset
** it loops over 1..4 threads; repeat: the race is intermittent), or under
** TSan: CC=clang CCAD_EXTRA_CFLAGS="-fsanitize=thread -g"
** OMP_TOOL_LIBRARIES=/usr/lib/llvm-14/lib/libarcher.so
** TSAN_OPTIONS="halt_on_error=1 exitcode=66 ignore_noninstrumented_modules=1"
** run_case.sh ... (deterministic: "data race" at the lines of w[i * n + j] and x[i] in rowsc). */
#include <math.h>
#include <omp.h>
#include <string.h>
#include "ccad_oracle.h"

static void rowsc(double *out, const double *x, const double *w, int m, int n)
{
    int i;
#pragma omp parallel for
    for (i = 0; i < m; i++) {
        double v = 0;
        for (int j = 0; j < n; j++) v += w[i * n + j] * w[i * n + j];
        out[i] = v * x[i];
    }
}
double g(const double *buf, int m, int n)
{
    double h[64];
    rowsc(h, buf + 1, buf, m, n);
    double r = 0;
    for (int i = 0; i < m; i++) r += sin(h[i]);
    return r;
}
#pragma ad grad(g) wrt(buf[m*n+1])

#include "omp_own_rows_overlap.ad.h"

enum { M = 48, N = 4, NB = M * N + 1 };
static void g_flat(void *ctx, const double *b, double *y)
{
    (void)ctx;
    *y = g(b, M, N);
}
int main(void)
{
    OracleRng rng = oracle_rng(5);
    double b0[NB], fd[NB], bb[NB];
    for (int i = 0; i < NB; i++) b0[i] = oracle_uniform(&rng, -0.6, 0.6);
    oracle_fd_grad(g_flat, NULL, NB, b0, fd);
    for (int th = 1; th <= 4; th++) {
        omp_set_num_threads(th);
        for (int rep = 0; rep < 100; rep++) {
            g_grad(b0, bb, M, N);
            CHECK_VEC_CLOSE("rows of w and x = w + 1 in one buffer: grad vs differences", bb, fd, NB, ORACLE_RTOL_FD, 1e-9);
        }
    }
    return oracle_result();
}
