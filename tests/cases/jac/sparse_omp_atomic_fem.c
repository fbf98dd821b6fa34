// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* Sparse drivers over a scatter-add under `#pragma omp atomic` (finite-element
** assembly, realc/fem1d_assembly): the pattern sweep turns the accumulation
** y_dot[a] += w * x_dot[..] into a union of direction sets,
** y_dot[a] = ccad_bits_or(y_dot[a], ..), which `omp atomic` cannot guard
** (generated code did not compile); the pattern sweep runs on one thread
** (jac/sparse_omp_atomic has the reduction(+) form too). Oracles: sparse jacfwd and sparse hessian against
** closed forms (1e-12), the pattern's entry count, run with 2 threads. */
#include <math.h>
#include <omp.h>
#include "ccad_oracle.h"

void scatter(const double *x, int (*conn)[2], int ne, double *y, int n)
{
    for (int i = 0; i < n; i++) y[i] = 0.0;
    int e;
#pragma omp parallel for
    for (e = 0; e < ne; e++) {
        int a = conn[e][0], b = conn[e][1];
        double d = x[b] - x[a];
#pragma omp atomic
        y[a] -= d * d;
#pragma omp atomic
        y[b] += d * d;
    }
}
double energy(const double *x, int (*conn)[2], int ne, int n)
{
    double s = 0.0;
    int e;
#pragma omp parallel for
    for (e = 0; e < ne; e++) {
        double d = x[conn[e][1]] - x[conn[e][0]];
#pragma omp atomic
        s += d * d * d * d;
    }
    (void)n;
    return s;
}
#pragma ad jacfwd(scatter) wrt(x[n]) out(y[n]) sparse
#pragma ad hessian(energy) wrt(x[n]) sparse

#include "sparse_omp_atomic_fem.ad.h"

#define N 9
int main(void)
{
    omp_set_num_threads(2);
    int conn[N - 1][2];
    double x[N], y[N];
    for (int i = 0; i < N; i++) x[i] = sin(1.7 * i);
    for (int e = 0; e < N - 1; e++) { conn[e][0] = e; conn[e][1] = e + 1; }
    ccad_csr J = {0}, H = {0};
    for (int rep = 0; rep < 2; rep++) {
        scatter_jacfwd(x, conn, N - 1, y, N, &J);
        energy_hessian(x, conn, N - 1, N, &H);
    }
    CHECK_EQ_INT("J nnz", J.nnz, 3 * N - 2);
    CHECK_EQ_INT("H nnz", H.nnz, 3 * N - 2);
    double Jd[N * N] = {0}, Jw[N * N] = {0}, Hd[N * N] = {0}, Hw[N * N] = {0};
    for (int i = 0; i < N; i++) {
        for (int k = J.rowptr[i]; k < J.rowptr[i + 1]; k++) Jd[i * N + J.col[k]] = J.val[k];
        for (int k = H.rowptr[i]; k < H.rowptr[i + 1]; k++) Hd[i * N + H.col[k]] = H.val[k];
    }
    for (int e = 0; e < N - 1; e++) {
        int a = e, b = e + 1;
        double d = x[b] - x[a], g = 2 * d, h = 12 * d * d;  /* d(d^2)/dd, d^2(d^4)/dd^2 */
        Jw[a * N + a] += g; Jw[a * N + b] -= g; Jw[b * N + a] -= g; Jw[b * N + b] += g;
        Hw[a * N + a] += h; Hw[a * N + b] -= h; Hw[b * N + a] -= h; Hw[b * N + b] += h;
    }
    CHECK_VEC_CLOSE("sparse jacfwd", Jd, Jw, N * N, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("sparse hessian", Hd, Hw, N * N, 1e-12, 1e-14);
    ccad_csr_free(&J); ccad_csr_free(&H);
    return oracle_result();
}
