// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/omp_redblack_inplace: red-black Gauss-Seidel sweeps on an in-out array
** (`u[n]`, read and overwritten in place), each colour a `parallel for` with
** stride 2 (`for (i = 1 + c; i < n - 1; i += 2)`) that reads the other
** colour's neighbours u[i - 1], u[i + 1] and overwrites u[i]: race-free in
** the primal, while the adjoint adds into the neighbours (other iterations'
** elements are never written, but two iterations add into one neighbour).
** A nonlinear term (u[i]^3) and a source f[i] * k. Requests: jvp, vjp,
** jacfwd, jacrev of the in-out map, grad, hessian, hvp of a loss over it.
** Oracles: central differences of the in-out map (ORACLE_RTOL_FD), the
** dot-product test (in-out: u_bar holds the seed on entry, the adjoint of
** the input on exit), jacfwd = jacrev, hessian vs differences of grad,
** hvp = H v. Run also at OMP_NUM_THREADS=1,2,4 and under TSan.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 11
#define SWEEPS 3

void relax(double *u, const double *f, double k, int n)
{
    for (int s = 0; s < SWEEPS; s++)
        for (int c = 0; c < 2; c++) {
#pragma omp parallel for
            for (int i = 1 + c; i < n - 1; i += 2)
                u[i] = 0.5 * (u[i - 1] + u[i + 1]) - 0.1 * u[i] * u[i] * u[i] + k * f[i];
        }
}

double loss(const double *u0, const double *f, double k, int n)
{
    double u[N];
    memcpy(u, u0, sizeof u);
    relax(u, f, k, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += (i % 3 + 1) * u[i] * u[i];
    return s;
}

#pragma ad jvp(relax) wrt(u[n], f[n], k) out(u[n])
#pragma ad vjp(relax) wrt(u[n], f[n], k) out(u[n])
#pragma ad jacfwd(relax) wrt(u[n], f[n], k) out(u[n])
#pragma ad jacrev(relax) wrt(u[n], f[n], k) out(u[n])
#pragma ad grad(loss) wrt(u0[n], f[n], k)
#pragma ad hessian(loss) wrt(u0[n], f[n], k)
#pragma ad hvp(loss) wrt(u0[n], f[n], k)

#include "omp_redblack_inplace.ad.h"

#define NI (2 * N + 1)

static void relax_flat(void *c, const double *z, double *y)
{
    (void)c;
    memcpy(y, z, N * sizeof *y);
    relax(y, z + N, z[2 * N], N);
}
static void loss_flat(void *c, const double *z, double *y) { (void)c; y[0] = loss(z, z + N, z[2 * N], N); }
static void grad_flat(void *c, const double *z, double *g)
{
    (void)c;
    loss_grad(z, g, z + N, g + N, z[2 * N], &g[2 * N], N);
}

int main(void)
{
    OracleRng r = oracle_rng(8080);
    double z[NI], v[NI];
    oracle_fill_uniform(&r, z, NI, -0.8, 0.8);
    oracle_fill_uniform(&r, v, NI, -1, 1);

    /* jvp of the in-out map */
    double u[N], ud[N], y[N], fdd[N];
    relax_flat(NULL, z, y);
    memcpy(u, z, sizeof u);
    memcpy(ud, v, sizeof ud);
    relax_jvp(u, ud, z + N, v + N, z[2 * N], v[2 * N], N);
    CHECK_VEC_CLOSE("jvp primal", u, y, N, 0, 0);
    oracle_fd_jvp(relax_flat, NULL, NI, N, z, v, fdd);
    CHECK_VEC_CLOSE("jvp vs fd", ud, fdd, N, ORACLE_RTOL_FD, oracle_fd_atol(1));

    /* vjp: u_bar seed in, adjoint of the input out; f_bar, k_bar added */
    double w[N], ub[N], fb[N], kb = 0.25;
    oracle_fill_uniform(&r, w, N, -1, 1);
    memcpy(u, z, sizeof u);
    memcpy(ub, w, sizeof ub);
    for (int i = 0; i < N; i++) fb[i] = 0.5;
    relax_vjp(u, ub, z + N, fb, z[2 * N], &kb, N);
    CHECK_VEC_CLOSE("vjp primal", u, y, N, 0, 0);
    for (int i = 0; i < N; i++) fb[i] -= 0.5;
    kb -= 0.25;
    double rhs = oracle_dot(v, ub, N) + oracle_dot(v + N, fb, N) + v[2 * N] * kb;
    CHECK_CLOSE("dot", oracle_dot(ud, w, N), rhs, 1e-12, 1e-14);

    double Jf[N * NI], Jr[N * NI], Jfd[N * NI];
    memcpy(u, z, sizeof u);
    relax_jacfwd(u, z + N, z[2 * N], N, Jf);
    memcpy(u, z, sizeof u);
    relax_jacrev(u, z + N, z[2 * N], N, Jr);
    CHECK_VEC_CLOSE("jacrev primal", u, y, N, 0, 0);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, N * NI, 1e-12, 1e-14);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[N];
        e[j] = 1;
        oracle_fd_jvp(relax_flat, NULL, NI, N, z, e, col);
        for (int i = 0; i < N; i++) Jfd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("jacfwd vs fd", Jf, Jfd, N * NI, ORACLE_RTOL_FD, oracle_fd_atol(1));

    double g[NI], gfd[NI], f0 = loss(z, z + N, z[2 * N], N);
    double fg = loss_grad(z, g, z + N, g + N, z[2 * N], &g[2 * N], N);
    CHECK_CLOSE("grad primal", fg, f0, 0, 0);
    oracle_fd_grad(loss_flat, NULL, NI, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, NI, ORACLE_RTOL_FD, oracle_fd_atol(f0));
    static double H[NI * NI], Hfd[NI * NI];
    double Hv[NI], hv[NI];
    loss_hessian(z, z + N, z[2 * N], N, H);
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
    loss_hvp(z, v, hv, z + N, v + N, hv + N, z[2 * N], v[2 * N], &hv[2 * N], N);
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, NI, 1e-11, 1e-12);
    return oracle_result();
}
