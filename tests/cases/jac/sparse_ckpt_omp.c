// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/sparse_ckpt_omp: sparse drivers (jacfwd, jacrev, hessian with the
** sparse clause) over code that combines a checkpointed time loop
** (checkpoint(snapshots=2)), an OpenMP `parallel for` stencil on a local
** array, a reduction, and a branch whose taken arm adds a coupling two
** cells away (the pattern depends on the input). One ccad_csr is reused
** over three inputs: the second takes the other arm (entries outside the
** first pattern: the check sweep must find them), the third the first arm
** again. Oracle: every stored value equals the dense driver's (1e-12), and
** every dense non-zero is in the pattern (the values J v from the CSR equal
** the dense J v, 1e-12).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 10
#define T 4

void step_map(const double *x, double *y, int n)
{
    double u[N];
    memcpy(u, x, sizeof u);
    int t = 0;
#pragma ad checkpoint(snapshots=2)
    while (t < T) {
        double un[N];
#pragma omp parallel for
        for (int i = 0; i < n; i++) {
            double l = i > 0 ? u[i - 1] : 0.0, r = i + 1 < n ? u[i + 1] : 0.0;
            un[i] = u[i] + 0.1 * (l - 2 * u[i] + r) - 0.05 * u[i] * u[i];
        }
        memcpy(u, un, sizeof u);
        t++;
    }
    for (int i = 0; i < n; i++) y[i] = u[i];
    if (x[0] < 0)
        for (int i = 0; i + 2 < n; i += 3) y[i] += 0.5 * x[i + 2] * x[i];
}

double energy(const double *x, int n)
{
    double e = 0;
#pragma omp parallel for reduction(+:e)
    for (int i = 0; i < n - 1; i++) e += cos(x[i] - x[i + 1]) * x[i];
    if (x[1] < 0) e += x[0] * x[n - 1];
    return e;
}

#pragma ad jacfwd(step_map) wrt(x[n]) out(y[n]) sparse
#pragma ad jacrev(step_map) wrt(x[n]) out(y[n]) sparse
#pragma ad jacfwd(step_map) wrt(x[n]) out(y[n]) name(step_map_dense)
#pragma ad hessian(energy) wrt(x[n]) sparse
#pragma ad hessian(energy) wrt(x[n]) name(energy_dense)

#include "sparse_ckpt_omp.ad.h"

/* dense[i*n+j] against a CSR: values equal where stored, zero elsewhere */
static void compare(const char *label, const ccad_csr *a, const double *dense, int m, int n)
{
    static double got[N * N];
    memset(got, 0, sizeof got);
    for (int i = 0; i < m; i++)
        for (int k = a->rowptr[i]; k < a->rowptr[i + 1]; k++) got[i * n + a->col[k]] = a->val[k];
    CHECK_VEC_CLOSE(label, got, dense, m * n, 1e-12, 1e-14);
}

int main(void)
{
    double xs[3][N];
    for (int i = 0; i < N; i++) {
        xs[0][i] = 0.3 + 0.1 * sin(i);
        xs[1][i] = -0.3 + 0.1 * cos(i);
        xs[2][i] = 0.4 - 0.05 * i;
    }
    ccad_csr Jf = {0}, Jr = {0}, Hs = {0};
    for (int q = 0; q < 3; q++) {
        double y[N], D[N * N], HD[N * N];
        step_map_dense(xs[q], y, N, D);
        step_map_jacfwd(xs[q], y, N, &Jf);
        compare("sparse jacfwd = dense", &Jf, D, N, N);
        step_map_jacrev(xs[q], y, N, &Jr);
        compare("sparse jacrev = dense", &Jr, D, N, N);
        energy_dense(xs[q], N, HD);
        energy_hessian(xs[q], N, &Hs);
        compare("sparse hessian = dense", &Hs, HD, N, N);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    ccad_csr_free(&Jf);
    ccad_csr_free(&Jr);
    ccad_csr_free(&Hs);
    return oracle_result();
}
