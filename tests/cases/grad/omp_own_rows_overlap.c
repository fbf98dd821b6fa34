// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-WARNING: zeroes the floating fields of
/* grad/omp_own_rows_overlap (probe20; was silently wrong with >= 2
** threads): a helper's `#pragma omp parallel for` reads two pointers into
** ONE buffer, w (rows w[i * n + j], j < n) and x = w + 1 (x[i]), both
** read-only. w_bar's rows were proven apart by w's own accesses and x_bar[i]
** by x's, each pointer taken to be its own memory (the helper's parameters
** were told apart because neither is written), so both accumulations were
** plain, and x_bar[i] = buf_bar[i + 1] is another iteration's row of w_bar.
** Now a call passing two pointers into one memory that both carry
** derivatives gives the helper a variant where they share it, and rows
** proven apart by one pointer's own accesses give way to atomics when
** another pointer of the memory is accumulated into. g_struct: the same
** with the pointers as fields of one struct (t.x = t.w + 1, wrt(t[1])).
** Oracles: central differences, 100 repetitions at 1..4 threads. */
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
/* the same through a struct's fields */
typedef struct Net { double *w, *x; } Net;
double g_struct(const Net *t, int m, int n)
{
    double h[64];
    rowsc(h, t->x, t->w, m, n);
    double r = 0;
    for (int i = 0; i < m; i++) r += sin(h[i]);
    return r;
}
#pragma ad grad(g) wrt(buf[m*n+1])
#pragma ad grad(g_struct) wrt(t[1])

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
            double sb[NB] = {0};
            Net t = {b0, b0 + 1}, tb = {sb, sb + 1};
            g_struct_grad(&t, &tb, M, N);
            CHECK_VEC_CLOSE("struct fields t.x = t.w + 1: grad vs differences", sb, fd, NB, ORACLE_RTOL_FD, 1e-9);
        }
    }
    return oracle_result();
}
