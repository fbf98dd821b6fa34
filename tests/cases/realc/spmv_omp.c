// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** realc/spmv_omp: CSR sparse matrix-vector products in an OpenMP parallel
** loop over rows (the shape of every sparse iterative solver: y[i] = sum
** val[k] x[col[k]]), x gathered through the column index so the adjoint of
** x is a scatter with collisions between threads, repeated in a power
** iteration with normalisation (Rayleigh quotient as output).
** Oracles: grad w.r.t. x0 and val against central differences (rtol 1e-6),
** the same gradient with 1 and 2 threads (the case is run with both), and
** jvp dot grad (1e-12).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

static void spmv(int n, const int *rowptr, const int *col, const double *val, const double *x, double *y)
{
#pragma omp parallel for schedule(dynamic, 2)
    for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int k = rowptr[i]; k < rowptr[i + 1]; k++) s += val[k] * x[col[k]];
        y[i] = s;
    }
}
double power_rq(int n, const int *rowptr, const int *col, const double *val, const double *x0, int iters)
{
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    memcpy(x, x0, n * sizeof *x);
    for (int t = 0; t < iters; t++) {
        spmv(n, rowptr, col, val, x, y);
        double nrm = 0.0;
        for (int i = 0; i < n; i++) nrm += y[i] * y[i];
        nrm = sqrt(nrm);
        for (int i = 0; i < n; i++) x[i] = y[i] / nrm;
    }
    spmv(n, rowptr, col, val, x, y);
    double rq = 0.0;
    for (int i = 0; i < n; i++) rq += x[i] * y[i];
    free(x); free(y);
    return rq;
}
#pragma ad grad(power_rq) wrt(val[rowptr[n]], x0[n])
#pragma ad jvp(power_rq) wrt(val, x0)
#include "spmv_omp.ad.h"

#define N 30
int main(void)
{
    OracleRng rng = oracle_rng(43);
    static int rowptr[N + 1], col[N * 6];
    static double val[N * 6], gval[N * 6], x0[N], gx[N], vv[N * 6], vx[N];
    int nnz = 0;
    for (int i = 0; i < N; i++) {
        rowptr[i] = nnz;
        col[nnz] = i; val[nnz++] = 4.0 + 0.1 * i;                      /* diagonal */
        for (int k = 0; k < 4; k++) { col[nnz] = (i * 7 + k * 3 + 1) % 5; val[nnz++] = oracle_uniform(&rng, -1, 1); } /* columns 0..4: many collisions */
    }
    rowptr[N] = nnz;
    oracle_fill_uniform(&rng, x0, N, 0.5, 1.5);
    oracle_fill_uniform(&rng, vv, nnz, -1, 1);
    oracle_fill_uniform(&rng, vx, N, -1, 1);
    int it = 6;
    double f = power_rq_grad(N, rowptr, col, val, gval, x0, gx, it);
    CHECK_CLOSE("primal", f, power_rq(N, rowptr, col, val, x0, it), 1e-14, 0);
    int bad = 0;
    for (int k = 0; k < nnz; k++) {
        double s = val[k]; val[k] = s + 1e-6; double fp = power_rq(N, rowptr, col, val, x0, it);
        val[k] = s - 1e-6; double fm = power_rq(N, rowptr, col, val, x0, it); val[k] = s;
        if (!oracle_close(gval[k], (fp - fm) / 2e-6, 1e-6, 1e-8 * fabs(f))) { bad++; printf("val[%d] got %g want %g\n", k, gval[k], (fp - fm) / 2e-6); }
    }
    for (int i = 0; i < N; i++) {
        double s = x0[i]; x0[i] = s + 1e-6; double fp = power_rq(N, rowptr, col, val, x0, it);
        x0[i] = s - 1e-6; double fm = power_rq(N, rowptr, col, val, x0, it); x0[i] = s;
        if (!oracle_close(gx[i], (fp - fm) / 2e-6, 1e-6, 1e-8 * fabs(f))) { bad++; printf("x0[%d] got %g want %g\n", i, gx[i], (fp - fm) / 2e-6); }
    }
    CHECK_EQ_INT("grad entries off central differences", bad, 0);
    double jv;
    power_rq_jvp(N, rowptr, col, val, vv, x0, vx, it, &jv);
    CHECK_CLOSE("jvp.grad", jv, oracle_dot(gval, vv, nnz) + oracle_dot(gx, vx, N), 1e-11, 1e-13);
    return oracle_result();
}
