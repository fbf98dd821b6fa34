// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/omp_datadep_trips: an inner loop whose trip count is computed from an
** active value, (int)(3 + 2|z[i]|), different in each iteration of a
** parallel for with a reduction (per-thread tapes of different lengths),
** in grad, jvp, jacrev, hessian and vmap(grad). Oracles: central
** differences (1e-6), jvp = <grad, v>, jacrev = grad (1e-12), hessian vs
** differences of grad (1e-5), the batched gradient against the unbatched.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
double f(const double *z, int n)
{
    double s = 0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++) {
        double t = z[i];
        int K = (int)(3.0 + 2.0 * fabs(z[i]));      /* data-dependent trip count */
        for (int k = 0; k < K; k++) t = t - 0.2 * sin(t) + 0.01 * k;
        s += t * t;
    }
    return s;
}
#pragma ad grad(f) wrt(z[n])
#pragma ad jvp(f) wrt(z[n])
#pragma ad hessian(f) wrt(z[n])
#pragma ad jacrev(f) wrt(z[n])
#pragma ad vmap(grad(f)) wrt(z[n]) batch(z[n], z_bar[n])
#include "omp_datadep_trips.ad.h"
enum { N = 9 };
static void flat(void *c, const double *x, double *y) { (void)c; y[0] = f(x, N); }
static void gflat(void *c, const double *x, double *g) { (void)c; f_grad(x, g, N); }
int main(void) {
    double z[N], g[N], gfd[N], H[N * N], Hfd[N * N], J[N], v[N], d;
    for (int i = 0; i < N; i++) { z[i] = 1.3 * sin(2.1 * i + 0.4); v[i] = cos(i); }
    double f0 = f_grad(z, g, N);
    oracle_fd_grad(flat, NULL, N, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, N, 1e-6, oracle_fd_atol(f0));
    f_jvp(z, v, N, &d);
    CHECK_CLOSE("jvp", d, oracle_dot(g, v, N), 1e-12, 1e-14);
    f_jacrev(z, N, J);
    CHECK_VEC_CLOSE("jacrev = grad", J, g, N, 1e-12, 1e-14);
    f_hessian(z, N, H);
    for (int j = 0; j < N; j++) { double e[N] = {0}, col[N]; e[j] = 1; oracle_fd_jvp(gflat, NULL, N, N, z, e, col); for (int i = 0; i < N; i++) Hfd[i * N + j] = col[i]; }
    CHECK_VEC_CLOSE("hessian vs fd(grad)", H, Hfd, N * N, 1e-5, 1e-7);
    double zs[4 * N], gs[4 * N], rs[4];
    for (int i = 0; i < 4 * N; i++) zs[i] = 1.5 * cos(0.77 * i);
    f_grad_vmap(4, zs, gs, N, rs);
    for (int b = 0; b < 4; b++) { double gg[N]; double fb = f_grad(zs + b * N, gg, N); CHECK_CLOSE("vmap val", rs[b], fb, 1e-13, 0); CHECK_VEC_CLOSE("vmap grad", gs + b * N, gg, N, 1e-13, 1e-15); }
    return oracle_result();
}
