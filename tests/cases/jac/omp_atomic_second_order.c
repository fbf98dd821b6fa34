// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/omp_atomic_second_order: second-order and Jacobian modes over OpenMP
** scatter code: a helper (split in reverse mode) fills a local histogram
** `double bins[NB]` with `omp atomic` updates at data-independent bins
** (i % NB) inside a `parallel for`, and a nested helper adds forces into
** an output through `omp atomic` at two sites (i and its neighbour); the
** requested scalar reads both. Requests: hessian, hvp, jvp(grad), jacrev and
** jacfwd of the vector map, grad. Oracles: hessian against central
** differences of grad (1e-5), hvp = H v and jvp(grad) = H v (1e-11),
** jacfwd = jacrev (1e-12), grad against differences (ORACLE_RTOL_FD).
** Run also at OMP_NUM_THREADS=1,2,4 (atomic sums add in the threads'
** order: 1e-12, not bitwise).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 12
#define NB 4

static void bond(const double *x, double *F, int i, int n)
{
    int j = (i + 1) % n;
    double d = x[j] - x[i], f = sin(d) * (1.0 + 0.2 * d * d);
#pragma omp atomic
    F[i] += f;
#pragma omp atomic
    F[j] -= f * x[i];
}

void forces(const double *x, const double *k, double *F, int n)
{
    for (int i = 0; i < n; i++) F[i] = 0;
#pragma omp parallel for
    for (int i = 0; i < n; i++) bond(x, F, i, n);
    for (int i = 0; i < n; i++) F[i] *= k[i % 2];
}

static double binned(const double *x, const double *k, int n)
{
    double bins[NB];
    memset(bins, 0, sizeof bins);
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double w = exp(-x[i] * x[i]) * k[0];
#pragma omp atomic
        bins[i % NB] += w;
    }
    double s = 0;
    for (int b = 0; b < NB; b++) s += bins[b] * bins[b] * (b + 1);
    return s;
}

double energy(const double *x, const double *k, int n)
{
    double F[N];
    forces(x, k, F, n);
    double e = binned(x, k, n);
    for (int i = 0; i < n; i++) e += 0.5 * F[i] * F[i];
    return e;
}

#pragma ad grad(energy) wrt(x[n], k[2])
#pragma ad hessian(energy) wrt(x[n], k[2])
#pragma ad hvp(energy) wrt(x[n], k[2])
#pragma ad jvp(energy_grad) wrt(x[n], k[2]) out(x_bar[n], k_bar[2])
#pragma ad jacfwd(forces) wrt(x[n], k[2]) out(F[n])
#pragma ad jacrev(forces) wrt(x[n], k[2]) out(F[n])

#include "omp_atomic_second_order.ad.h"

#define NI (N + 2)

static void en_flat(void *c, const double *z, double *y) { (void)c; y[0] = energy(z, z + N, N); }
static void grad_flat(void *c, const double *z, double *g) { (void)c; energy_grad(z, g, z + N, g + N, N); }
static void forces_flat(void *c, const double *z, double *y) { (void)c; forces(z, z + N, y, N); }

int main(void)
{
    OracleRng r = oracle_rng(1212);
    double z[NI], v[NI];
    oracle_fill_uniform(&r, z, N, -1, 1);
    z[N] = 0.8;
    z[N + 1] = 1.3;
    oracle_fill_uniform(&r, v, NI, -1, 1);

    double g[NI], gfd[NI], f0 = energy(z, z + N, N);
    double fg = energy_grad(z, g, z + N, g + N, N);
    CHECK_CLOSE("grad primal", fg, f0, 1e-13, 0);
    oracle_fd_grad(en_flat, NULL, NI, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, NI, ORACLE_RTOL_FD, oracle_fd_atol(f0));

    static double H[NI * NI], Hfd[NI * NI];
    double Hv[NI], hv[NI], gb[NI], gd[NI];
    energy_hessian(z, z + N, N, H);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[NI];
        e[j] = 1;
        oracle_fd_jvp(grad_flat, NULL, NI, NI, z, e, col);
        for (int i = 0; i < NI; i++) Hfd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("hessian vs fd(grad)", H, Hfd, NI * NI, 1e-5, 1e-7);
    for (int i = 0; i < NI; i++) {
        Hv[i] = 0;
        for (int j = 0; j < NI; j++) Hv[i] += H[i * NI + j] * v[j];
    }
    energy_hvp(z, v, hv, z + N, v + N, hv + N, N);
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, NI, 1e-11, 1e-12);
    energy_grad_jvp(z, v, gb, gd, z + N, v + N, gb + N, gd + N, N);
    CHECK_VEC_CLOSE("jvp(grad) = H v", gd, Hv, NI, 1e-11, 1e-12);

    double Jf[N * NI], Jr[N * NI], Jfd[N * NI], F[N];
    forces_jacfwd(z, z + N, F, N, Jf);
    forces_jacrev(z, z + N, F, N, Jr);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, N * NI, 1e-12, 1e-14);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[N];
        e[j] = 1;
        oracle_fd_jvp(forces_flat, NULL, NI, N, z, e, col);
        for (int i = 0; i < N; i++) Jfd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("jacfwd vs fd", Jf, Jfd, N * NI, ORACLE_RTOL_FD, oracle_fd_atol(1));
    return oracle_result();
}
