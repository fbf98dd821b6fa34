// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* OPEN (probe20): SILENTLY WRONG GRADIENT WITH >= 2 THREADS (data race in
** the backward sweep), the common `helper(d, u, u + 1, n)` shape: a static
** helper's `#pragma omp parallel for` reads a[i] and b[i] where the caller
** passes a = u and b = u + 1 (a forward difference; read-only, valid C, and
** the requested g has one pointer parameter, so contract section 4's
** no-overlap rule does not apply). Every accumulation of the loop is by
** the counter (a_bar[i] +=, b_bar[i] +=), so diff_bwd's
** `#pragma omp parallel for` adds into both plainly (adjoint_omp_acc.c,
** by_ctr) although a_bar and b_bar are u_bar and u_bar + 1 (the points-to
** class of a and b is one): iteration i adds into u_bar[i + 1] through
** b_bar and iteration i + 1 through a_bar, on two threads at each chunk
** boundary (schedule(static, 1), copied to the backward loop, puts i and
** i + 1 on different threads at once). Expected: atomics or per-thread copies where two pointers of
** one class are accumulated into by the counter at different offsets (or
** a run-time test that b - a >= n); got: plain. At 2-4 threads the
** gradient is wrong in 9-46 of the 1200 checks here (intermittent; 1 thread
** always right; with the default schedule only at chunk boundaries, rarely
** seen); ThreadSanitizer reports it every time:
**   CC=clang CCAD_EXTRA_CFLAGS="-fsanitize=thread -g"
**   OMP_TOOL_LIBRARIES=/usr/lib/llvm-14/lib/libarcher.so
**   TSAN_OPTIONS="halt_on_error=1 exitcode=66 ignore_noninstrumented_modules=1"
**   bash tests/harness/run_case.sh ... omp_by_ctr_alias.c
** ("data race" on diff's line, read and write of one u_bar element).
** g_inline: the same loop in the requested function itself over local
** pointers a = u, b = u + 1 (no helper): the same plain a_bar[i], b_bar[i].
** See also open/omp_own_rows_overlap (the rows form of the same gap). */
#include <math.h>
#include <omp.h>
#include <string.h>
#include "ccad_oracle.h"

/* a forward difference written with two pointers: d[i] = b[i]^2 - a[i]^2 */
static void diff(double *d, const double *a, const double *b, int n)
{
#pragma omp parallel for schedule(static, 1)
    for (int i = 0; i < n; i++) d[i] = b[i] * b[i] - sin(a[i]);
}
double g(const double *u, int n)
{
    double d[256];
    diff(d, u, u + 1, n);
    double r = 0;
    for (int i = 0; i < n; i++) r += d[i] * d[i];
    return r;
}
/* the same inline: local pointers a = u, b = u + 1 in the requested function */
double g_inline(const double *u, int n)
{
    double d[256];
    const double *a = u, *b = u + 1;
#pragma omp parallel for schedule(static, 1)
    for (int i = 0; i < n; i++) d[i] = b[i] * b[i] - sin(a[i]);
    double r = 0;
    for (int i = 0; i < n; i++) r += d[i] * d[i];
    return r;
}
#pragma ad grad(g) wrt(u[n+1])
#pragma ad grad(g_inline) wrt(u[n+1])

#include "omp_by_ctr_alias.ad.h"

enum { N = 200 };
static void g_flat(void *ctx, const double *u, double *y)
{
    (void)ctx;
    *y = g(u, N);
}
int main(void)
{
    OracleRng rng = oracle_rng(7);
    double u[N + 1], fd[N + 1], ub[N + 1];
    for (int i = 0; i <= N; i++) u[i] = oracle_uniform(&rng, -0.6, 0.6);
    oracle_fd_grad(g_flat, NULL, N + 1, u, fd);
    for (int th = 1; th <= 4; th++) {
        omp_set_num_threads(th);
        for (int rep = 0; rep < 300; rep++) {
            g_grad(u, ub, N);
            CHECK_VEC_CLOSE("diff(d, u, u + 1): grad vs differences", ub, fd, N + 1, ORACLE_RTOL_FD, 1e-9);
            g_inline_grad(u, ub, N);
            CHECK_VEC_CLOSE("inline a = u, b = u + 1: grad vs differences", ub, fd, N + 1, ORACLE_RTOL_FD, 1e-9);
        }
    }
    return oracle_result();
}
