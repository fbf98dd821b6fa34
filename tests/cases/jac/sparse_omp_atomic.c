/*
** jac/sparse_omp_atomic: sparse jacfwd, jacrev and hessian of OpenMP code:
** a finite-volume assembly scattering fluxes with '#pragma omp atomic', an
** 'omp for' in a region, a reduction(+). The pattern sweep (vector_bits.c)
** rewrites a lane's update into a union of sets, r_dot[e][lane] =
** ccad_bits_or(...), which is no form '#pragma omp atomic' takes: the
** generated file did not compile ("invalid form of '#pragma omp atomic'"),
** and a reduction(+) would add the sets' bits as numbers. The pattern sweep
** now runs on one thread. Oracle: the CSR matrices equal the dense drivers'
** (1e-12) over three inputs (the pattern reused), with 3 threads; 3 colours
** for the tridiagonal matrices.
*/
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include <string.h>
#include <omp.h>
#include "ccad.h"
#include "ccad_oracle.h"

#define N 30

void assemble(const double *u, double *r, int n)
{
    for (int i = 0; i < n; i++) r[i] = 0.0;
#pragma omp parallel for
    for (int e = 0; e < n - 1; e++) {
        double fl = (u[e + 1] - u[e]) * (1.0 + u[e] * u[e + 1]);
#pragma omp atomic
        r[e] -= fl;
#pragma omp atomic
        r[e + 1] += fl;
    }
#pragma omp parallel
    {
#pragma omp for
        for (int i = 0; i < n; i++) r[i] += sin(u[i]);
    }
}

double energy(const double *u, int n)
{
    double e = 0.0;
#pragma omp parallel for reduction(+:e)
    for (int i = 0; i < n - 1; i++) e += (u[i + 1] - u[i]) * (u[i + 1] - u[i]) * exp(0.1 * u[i]);
    return e;
}

#pragma ad jacfwd(assemble) wrt(u[n]) out(r[n]) sparse name(asm_sf)
#pragma ad jacrev(assemble) wrt(u[n]) out(r[n]) sparse name(asm_sr)
#pragma ad jacfwd(assemble) wrt(u[n]) out(r[n])
#pragma ad hessian(energy) wrt(u[n]) sparse name(en_sh)
#pragma ad hessian(energy) wrt(u[n])

#include "sparse_omp_atomic.ad.h"

static void dense_of(const ccad_csr *a, double *d)
{
    memset(d, 0, sizeof(double) * (size_t)a->nrows * (size_t)a->ncols);
    for (int i = 0; i < a->nrows; i++)
        for (int k = a->rowptr[i]; k < a->rowptr[i + 1]; k++) d[i * a->ncols + a->col[k]] = a->val[k];
}

int main(void)
{
    omp_set_num_threads(3);
    double u[N], r[N];
    static double D[N * N], S[N * N];
    ccad_csr F = {0}, R = {0}, H = {0};
    for (int t = 0; t < 3; t++) {
        for (int i = 0; i < N; i++) u[i] = 0.4 * sin(0.7 * i + t);
        assemble_jacfwd(u, r, N, D);
        asm_sf(u, r, N, &F); dense_of(&F, S);
        CHECK_VEC_CLOSE("sf", S, D, N * N, 1e-12, 1e-14);
        asm_sr(u, r, N, &R); dense_of(&R, S);
        CHECK_VEC_CLOSE("sr", S, D, N * N, 1e-12, 1e-14);
        energy_hessian(u, N, D);
        en_sh(u, N, &H); dense_of(&H, S);
        CHECK_VEC_CLOSE("sh", S, D, N * N, 1e-12, 1e-14);
        CHECK_EQ_INT("colors sf", ccad_csr_colors(&F), 3);
        CHECK_EQ_INT("colors sh", ccad_csr_colors(&H), 3);
    }
    ccad_csr_free(&F); ccad_csr_free(&R); ccad_csr_free(&H);
    return oracle_result();
}
