/*
** jac/sparse_hessian_checkpoint: a sparse Hessian (pattern sweep, star
** colouring) of an energy computed after a checkpointed relaxation loop
** (2 snapshots): the pattern and value sweeps run the loop under the
** checkpoint schedule. Two explicit steps of a three-point stencil couple
** neighbours up to distance 2, so the Hessian is banded |j - k| <= 4 (88
** entries for n = 12); the second call reuses the pattern at other points.
** Oracles: the dense hessian request (rtol 1e-12), and the entry count.
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

/* a chain of particles relaxed for a few steps: the energy after stepping couples neighbours only */
double relaxed_energy(const double *x, int n)
{
    double u[12], v[12], e = 0.0;
    for (int i = 0; i < n; i++) u[i] = x[i];
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < n; i++) {
            double l = i > 0 ? u[i - 1] : 0.0, r = i + 1 < n ? u[i + 1] : 0.0;
            v[i] = u[i] + 0.05 * (l - 2.0 * u[i] + r) - 0.01 * sin(u[i]);
        }
        for (int i = 0; i < n; i++) u[i] = v[i];
    }
    for (int i = 0; i < n; i++) e += u[i] * u[i] * u[i] * u[i] * 0.25 + x[i] * u[i];
    return e;
}

#pragma ad hessian(relaxed_energy) wrt(x[n]) sparse
#pragma ad hessian(relaxed_energy) wrt(x[n]) name(relaxed_energy_hd)

#include "sparse_hessian_checkpoint.ad.h"

#define N 12
int main(void)
{
    double x[N], H[N * N], D[N * N];
    char label[64];
    for (int i = 0; i < N; i++) x[i] = 0.3 * sin(1.7 * i) + 0.1 * i;
    relaxed_energy_hd(x, N, D);
    for (int call = 0; call < 2; call++) {
        ccad_csr S = {0};
        if (call) x[5] += 0.2;
        relaxed_energy_hessian(x, N, &S);
        if (call) { relaxed_energy_hd(x, N, D); x[5] -= 0.1; relaxed_energy_hessian(x, N, &S); relaxed_energy_hd(x, N, D); }
        memset(H, 0, sizeof H);
        for (int i = 0; i < S.nrows; i++)
            for (int p = S.rowptr[i]; p < S.rowptr[i + 1]; p++) H[i * N + S.col[p]] = S.val[p];
        for (int k = 0; k < N * N; k++) {
            snprintf(label, sizeof label, "call %d H[%d]", call, k);
            oracle_check_close(label, H[k], D[k], 1e-12, 1e-14);
        }
        oracle_check_eq_long("nnz", S.nnz, 88);
        ccad_csr_free(&S);
    }
    return oracle_result();
}
