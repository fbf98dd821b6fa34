// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_array_reduction: histogram-style accumulation under OpenMP 4.5
** array-section reductions, as density estimators and particle codes write
** it: reduction(+:acc[:NB]) over a local array and reduction(+:h[:m]) over a
** calloc'd buffer. cc-ad once read the last ':' of the clause as the
** operator's, so the reduction vanished (a race in every derivative), and
** reverse mode's forward sweep kept no array reduction either. jvp and vjp
** must agree with the primal, with central differences and with each other
** (dot-product test) under 1 and 2 threads, over enough iterations that a
** race loses updates.
*/
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "ccad_oracle.h"

enum { NB = 4 };

void density(const double *x, const int *bin, double *y, int n, int m)
{
    double acc[NB] = {0, 0, 0, 0};
    double *h = calloc((size_t)m, sizeof *h);
#pragma omp parallel for reduction(+:acc[:NB])
    for (int i = 0; i < n; i++)
        acc[bin[i] % NB] += sin(x[i]);
#pragma omp parallel for reduction(+:h[:m])
    for (int i = 0; i < n; i++)
        h[bin[i] % m] += x[i] * x[i];
    for (int j = 0; j < m; j++)
        y[j] = acc[j % NB] * h[j];
    free(h);
}

#pragma ad vjp(density) wrt(x[n]) out(y[m])
#pragma ad jvp(density) wrt(x) out(y)

#include "omp_array_reduction.ad.h"

enum { N = 20000, M = 6 };

int main(void)
{
    OracleRng r = oracle_rng(777);
    static double x[N], v[N], xb[N], q[N];
    static int bin[N];
    double y[M], yd[M], yb[M], w[M], want[M], yp[M], ym[M], h = 1e-6;
    oracle_fill_uniform(&r, x, N, -0.1, 0.1);
    oracle_fill_normal(&r, v, N);
    oracle_fill_normal(&r, w, M);
    for (int i = 0; i < N; i++)
        bin[i] = (int)(oracle_next_u64(&r) % 1000);
    omp_set_num_threads(1);
    density(x, bin, want, N, M);
    for (int th = 1; th <= 2; th++) {
        omp_set_num_threads(th);
        density_jvp(x, v, bin, y, yd, N, M);
        oracle_check_vec("jvp primal", y, want, M, 1e-12, 1e-15);
        for (int i = 0; i < N; i++) q[i] = x[i] + h * v[i];
        density(q, bin, yp, N, M);
        for (int i = 0; i < N; i++) q[i] = x[i] - h * v[i];
        density(q, bin, ym, N, M);
        for (int j = 0; j < M; j++) yp[j] = (yp[j] - ym[j]) / (2 * h);
        oracle_check_vec("jvp vs fd", yd, yp, M, 1e-6, 1e-8);
        memcpy(yb, w, sizeof yb);
        memset(xb, 0, sizeof xb);
        density_vjp(x, xb, bin, y, yb, N, M);
        oracle_check_vec("vjp primal", y, want, M, 1e-12, 1e-15);
        CHECK_CLOSE("<J v, w> = <v, J^T w>", oracle_dot(yd, w, M), oracle_dot(xb, v, N), 1e-10, 1e-12);
    }
    return oracle_result();
}
