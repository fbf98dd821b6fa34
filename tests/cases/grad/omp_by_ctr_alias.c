// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* grad/omp_by_ctr_alias (probe20; was silently wrong with >= 2 threads): a
** static helper's `#pragma omp parallel for` reads a[i] and b[i], and the
** caller passes a = u, b = u + 1 (a forward difference: read-only, valid C;
** the no-overlap rule of contract section 4 is about memory a function
** writes). Every accumulation of the backward loop is by the counter
** (a_bar[i] +=, b_bar[i] +=), which was taken to mean each iteration keeps
** to its own elements; but a_bar and b_bar are u_bar and u_bar + 1, so
** iterations i and i + 1 add into one element (with schedule(static, 1) on
** two threads at once). Now the adjoint pointers accumulated into by the
** counter must be one pointer or lead into memory told apart, and the
** helper's variant for that call joins a's and b's memory (both carry
** derivatives, so both adjoints are added into): atomics for a team of
** several threads. g_inline: the same loop in the requested function over
** local pointers a = u, b = u + 1. g_apart: diff(d, u, u + n, n), where a
** run-time test (ccad_omp_apart: one pointer, or n elements apart) finds
** the two apart and keeps the accumulations plain.
** Oracles: central differences, 300 repetitions at 1..4 threads (the race
** showed in 9-46 of the 1200 checks before; ThreadSanitizer reported it
** every time). */
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
/* two halves of one buffer, n apart: the run-time test finds a_bar and
** b_bar apart, and the accumulations stay plain */
double g_apart(const double *u, int n)
{
    double d[256];
    diff(d, u, u + n, n);
    double r = 0;
    for (int i = 0; i < n; i++) r += d[i] * d[i];
    return r;
}
#pragma ad grad(g) wrt(u[n+1])
#pragma ad grad(g_apart) wrt(u[2*n])
#pragma ad grad(g_inline) wrt(u[n+1])

#include "omp_by_ctr_alias.ad.h"

enum { N = 200 };
static void g_flat(void *ctx, const double *u, double *y)
{
    (void)ctx;
    *y = g(u, N);
}
static void g_apart_flat(void *ctx, const double *u, double *y)
{
    (void)ctx;
    *y = g_apart(u, N);
}
int main(void)
{
    OracleRng rng = oracle_rng(7);
    double u[2 * N], fd[N + 1], ub[2 * N], fd2[2 * N];
    for (int i = 0; i < 2 * N; i++) u[i] = oracle_uniform(&rng, -0.6, 0.6);
    oracle_fd_grad(g_flat, NULL, N + 1, u, fd);
    oracle_fd_grad(g_apart_flat, NULL, 2 * N, u, fd2);
    for (int th = 1; th <= 4; th++) {
        omp_set_num_threads(th);
        for (int rep = 0; rep < 300; rep++) {
            g_grad(u, ub, N);
            CHECK_VEC_CLOSE("diff(d, u, u + 1): grad vs differences", ub, fd, N + 1, ORACLE_RTOL_FD, 1e-9);
            g_inline_grad(u, ub, N);
            CHECK_VEC_CLOSE("inline a = u, b = u + 1: grad vs differences", ub, fd, N + 1, ORACLE_RTOL_FD, 1e-9);
            g_apart_grad(u, ub, N);
            CHECK_VEC_CLOSE("diff(d, u, u + n): grad vs differences", ub, fd2, 2 * N, ORACLE_RTOL_FD, 1e-9);
        }
    }
    return oracle_result();
}
