/*
** grad/omp_ordered_update: updates of shared memory under '#pragma omp
** atomic' or 'critical' that are not sums: a product scatter p[k] *= f
** (atomic) and per-bin running maxima, if (v > m[k]) m[k] = v (critical).
** The derivative of such an update depends on the order in which the
** threads made them: reverse mode must undo them in the reverse of that
** order, which a parallel backward sweep does not know (the gradient was
** off by ~1% with 4 threads), and forward mode cannot update p_dot[k]
** atomically together with p[k] (the tangent raced). Such a loop's
** derivatives run on one thread (with the note); sums (+=, -=, x = x + e)
** keep both sweeps parallel. The case runs 4 threads, 3 bins (every bin
** updated by several threads), and repeats each call 10 times. Oracles:
** central differences (ORACLE_RTOL_FD) for grad, jvp and jacfwd.
*/
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include <omp.h>
#include "ccad_oracle.h"

#define N 40
#define M 3

double scat(const double *x, int n)
{
    double p[M] = {1.0, 1.0, 1.0}, q[M] = {0, 0, 0};
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double f = 1.0 + 0.05 * sin(x[i]);
#pragma omp atomic
        p[i % M] *= f;
#pragma omp atomic
        q[(i * 7) % M] -= x[i] * x[i];
    }
    double s = 0;
    for (int k = 0; k < M; k++) s += p[k] * (k + 1) + q[k] * q[k] * 0.01;
    return s;
}

double binmax(const double *x, int n)
{
    double m[M] = {-1e300, -1e300, -1e300};
#pragma omp parallel for schedule(static, 1)
    for (int i = 0; i < n; i++) {
        double v = sin(x[i]) * x[i];
#pragma omp critical
        {
            if (v > m[i % M]) m[i % M] = v;
        }
    }
    double s = 0;
    for (int k = 0; k < M; k++) s += m[k] * (k + 1);
    return s;
}

#pragma ad grad(scat) wrt(x[n])
#pragma ad jvp(scat) wrt(x[n])
#pragma ad jacfwd(scat) wrt(x[n])
#pragma ad grad(binmax) wrt(x[n])
#pragma ad jvp(binmax) wrt(x[n])

#include "omp_ordered_update.ad.h"

static void scat_flat(void *ctx, const double *x, double *y) { (void)ctx; y[0] = scat(x, N); }
static void binmax_flat(void *ctx, const double *x, double *y) { (void)ctx; y[0] = binmax(x, N); }

int main(void)
{
    omp_set_num_threads(4);
    double x[N], v[N], g[N], gfd[N], J[N], yd;
    for (int i = 0; i < N; i++) { x[i] = cos(1.3 * i); v[i] = sin(0.7 * i); }
    oracle_fd_grad(scat_flat, 0, N, x, gfd);
    for (int rep = 0; rep < 10; rep++) {
        CHECK_CLOSE("scat primal", scat_grad(x, g, N), scat(x, N), 1e-12, 0);
        CHECK_VEC_CLOSE("scat grad", g, gfd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        scat_jvp(x, v, N, &yd);
        CHECK_CLOSE("scat jvp", yd, oracle_dot(gfd, v, N), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        scat_jacfwd(x, N, J);
        CHECK_VEC_CLOSE("scat jacfwd", J, gfd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
    for (int i = 0; i < N; i++) x[i] = 1.0 + 0.5 * cos(2.7 * i);
    oracle_fd_grad(binmax_flat, 0, N, x, gfd);
    for (int rep = 0; rep < 10; rep++) {
        binmax_grad(x, g, N);
        CHECK_VEC_CLOSE("binmax grad", g, gfd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        binmax_jvp(x, v, N, &yd);
        CHECK_CLOSE("binmax jvp", yd, oracle_dot(gfd, v, N), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
    return oracle_result();
}
