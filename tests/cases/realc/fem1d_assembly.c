// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** realc/fem1d_assembly: finite-element assembly as FEM codes write it: an
** element loop over a connectivity table int conn[ne][2] (here
** int (*conn)[2]), a local 2x2 element matrix and load vector from two-point
** Gauss quadrature, and a scatter-add into the global residual under
** #pragma omp parallel for with #pragma omp atomic; Dirichlet rows overwritten
** afterwards. Nonlinear diffusion -(k(u) u')' = f with k(u) = 1 + u^2.
** Requests: sparse jacfwd and sparse jacrev of the residual wrt u; vjp; jvp.
** Oracles: central differences of the residual (h = 1e-6, rtol 1e-6) for the
** Jacobian; sparse jacrev = sparse jacfwd (1e-12); the pattern is tridiagonal
** (3n-2 entries, 3 colours); jvp/vjp dot product (1e-12).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

static double kcoef(double u) { return 1.0 + u * u; }

void assemble_residual(const double *u, const double *x, int (*conn)[2], int ne, int nn, double *R)
{
    static const double gp[2] = {-0.5773502691896257, 0.5773502691896257};
    memset(R, 0, nn * sizeof(double));
    int e;
#pragma omp parallel for
    for (e = 0; e < ne; e++) {
        int a = conn[e][0], b = conn[e][1];
        double he = x[b] - x[a], re[2] = {0.0, 0.0};
        for (int q = 0; q < 2; q++) {
            double xi = gp[q];
            double N0 = 0.5 * (1 - xi), N1 = 0.5 * (1 + xi);
            double uq = N0 * u[a] + N1 * u[b];
            double du = (u[b] - u[a]) / he;
            double xq = N0 * x[a] + N1 * x[b];
            double f = sin(3.0 * xq);
            double w = 0.5 * he;                      /* Gauss weight 1 times the Jacobian */
            re[0] += w * (kcoef(uq) * du * (-1.0 / he) - f * N0);
            re[1] += w * (kcoef(uq) * du * (1.0 / he) - f * N1);
        }
#pragma omp atomic
        R[a] += re[0];
#pragma omp atomic
        R[b] += re[1];
    }
    R[0] = u[0] - 0.1;              /* Dirichlet rows */
    R[nn - 1] = u[nn - 1] + 0.2;
}
#pragma ad jacfwd(assemble_residual) wrt(u[nn]) out(R[nn]) sparse
#pragma ad jacrev(assemble_residual) wrt(u[nn]) out(R[nn]) sparse name(assemble_residual_jacrev_sp)
#pragma ad vjp(assemble_residual) wrt(u[nn]) out(R[nn])
#pragma ad jvp(assemble_residual) wrt(u[nn]) out(R[nn])

#include "fem1d_assembly.ad.h"

#define NE 12
#define NN (NE + 1)
int main(void)
{
    double x[NN], u[NN], R[NN], R0[NN];
    int conn[NE][2];
    for (int i = 0; i < NN; i++) { x[i] = pow((double)i / NE, 1.3); u[i] = 0.3 * sin(2.0 * i); }
    for (int e = 0; e < NE; e++) { conn[e][0] = e; conn[e][1] = e + 1; }
    assemble_residual(u, x, conn, NE, NN, R0);
    ccad_csr Jf = {0}, Jr = {0};
    for (int rep = 0; rep < 2; rep++) {   /* the second call reuses the pattern */
        assemble_residual_jacfwd(u, x, conn, NE, NN, R, &Jf);
        assemble_residual_jacrev_sp(u, x, conn, NE, NN, R, &Jr);
    }
    CHECK_VEC_CLOSE("primal", R, R0, NN, 1e-15, 0);
    CHECK_EQ_INT("nnz: tridiagonal, Dirichlet rows one entry", Jf.nnz, 3 * (NN - 2) + 2);
    CHECK_EQ_INT("colours", ccad_csr_colors(&Jf), 3);
    double Df[NN * NN] = {0}, Dr[NN * NN] = {0};
    for (int i = 0; i < NN; i++) {
        for (int k = Jf.rowptr[i]; k < Jf.rowptr[i + 1]; k++) Df[i * NN + Jf.col[k]] = Jf.val[k];
        for (int k = Jr.rowptr[i]; k < Jr.rowptr[i + 1]; k++) Dr[i * NN + Jr.col[k]] = Jr.val[k];
    }
    CHECK_VEC_CLOSE("sparse jacrev = sparse jacfwd", Dr, Df, NN * NN, 1e-12, 1e-14);
    for (int j = 0; j < NN; j++) {
        double up[NN], um[NN], Rp[NN], Rm[NN], h = 1e-6;
        memcpy(up, u, sizeof u); memcpy(um, u, sizeof u); up[j] += h; um[j] -= h;
        assemble_residual(up, x, conn, NE, NN, Rp); assemble_residual(um, x, conn, NE, NN, Rm);
        for (int i = 0; i < NN; i++) CHECK_CLOSE("J vs fd", Df[i * NN + j], (Rp[i] - Rm[i]) / (2 * h), 1e-6, 1e-8);
    }
    /* dot product: <J v, w> = <v, J^T w> */
    OracleRng r = oracle_rng(9);
    double v[NN], w[NN], ub[NN] = {0}, Rd[NN], wb[NN];
    oracle_fill_uniform(&r, v, NN, -1, 1); oracle_fill_uniform(&r, w, NN, -1, 1);
    memcpy(wb, w, sizeof w);
    assemble_residual_jvp(u, v, x, conn, NE, NN, R, Rd);
    assemble_residual_vjp(u, ub, x, conn, NE, NN, R, wb);
    CHECK_CLOSE("jvp/vjp dot", oracle_dot(Rd, w, NN), oracle_dot(v, ub, NN), 1e-12, 1e-14);
    ccad_csr_free(&Jf); ccad_csr_free(&Jr);
    return oracle_result();
}
