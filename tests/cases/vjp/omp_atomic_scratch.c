// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_atomic_scratch: OpenMP inside differentiated code that also
** needs scratch(...). lj(): a pair energy whose `parallel for` has a
** reduction(+:e), firstprivate(scale), schedule(dynamic, 2), calls a
** helper, and scatters into a caller-owned array acc[] with `omp atomic`;
** a second loop reads acc back (so acc carries derivatives: scratch(acc[n]))
** and tracks a maximum under `omp critical`. grid(): collapse(2) with a
** reduction. Requests: grad, jvp, hessian, hvp, jvp(lj_grad) (all with
** scratch(acc[n])); grad, hessian, jacrev of grid.
** Oracles: lj's primal value and acc equal the original's (1e-13: the
** order of the atomic adds differs); grad against central differences
** (rtol 1e-6); hessian against central differences of lj_grad (rtol 1e-5,
** floor 1e-6 |H|); hvp and jvp(lj_grad) against the hessian times v
** (1e-10); jvp against grad by the dot product; grid's gradient and its
** diagonal hessian in closed form (1e-12). Run with OMP_NUM_THREADS > 1
** the adjoint accumulation must be race-free.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

static double phi(double r, double eps) { return eps * (pow(1.0 / r, 12) - 2.0 * pow(1.0 / r, 6)); }

/* pair energy with atomic force-like accumulation into a scratch array */
double lj(const double *x, int n, double eps, double *acc)
{
    double e = 0.0;
    double scale = 0.5;
    #pragma omp parallel for reduction(+:e) firstprivate(scale) schedule(dynamic, 2)
    for (int i = 0; i < n; i++) {
        double xi = x[2 * i], yi = x[2 * i + 1];
        for (int j = i + 1; j < n; j++) {
            double dx = xi - x[2 * j], dy = yi - x[2 * j + 1];
            double r = sqrt(dx * dx + dy * dy + 0.5);
            double p = phi(r, eps);
            e += p;
            #pragma omp atomic
            acc[j] += scale * p;
            #pragma omp atomic
            acc[i] += scale * p;
        }
    }
    double s = 0.0, mx = -1e300;
    #pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++) {
        s += acc[i] * acc[i];
        #pragma omp critical
        {
            if (acc[i] > mx) mx = acc[i];
        }
    }
    return e + 0.1 * s + mx;
}

double grid(const double *w, int n, int m)
{
    double t = 0.0;
    #pragma omp parallel for collapse(2) reduction(+:t)
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            double v = w[i * m + j];
            double c = cos(v * (i + 1));
            t += c * c * v;
        }
    return t;
}

#pragma ad grad(lj) wrt(x[2*n], eps) scratch(acc[n])
#pragma ad jvp(lj) wrt(x[2*n], eps) scratch(acc[n])
#pragma ad hessian(lj) wrt(x[2*n], eps) scratch(acc[n])
#pragma ad hvp(lj) wrt(x[2*n], eps) scratch(acc[n])
#pragma ad jvp(lj_grad) wrt(x[2*n], eps) out(x_bar[2*n], eps_bar[1]) scratch(acc[n])
#pragma ad grad(grid) wrt(w[n*m])
#pragma ad hessian(grid) wrt(w[n*m])
#pragma ad jacrev(grid) wrt(w[n*m])

#include "omp_atomic_scratch.ad.h"
#define N 5
#define D (2 * N + 1)
static double flj(const double *z) { double acc[N] = {0}; return lj(z, N, z[2 * N], acc); }
int main(void)
{
    double z[D];
    OracleRng rng = oracle_rng(9);
    for (int i = 0; i < N; i++) { z[2 * i] = i * 1.1 + oracle_uniform(&rng, -0.2, 0.2); z[2 * i + 1] = oracle_uniform(&rng, -0.3, 0.3); }
    z[2 * N] = 0.9;
    double acc[N] = {0}, g[D], fd[D];
    double f0 = lj_grad(z, g, N, z[2 * N], &g[2 * N], acc);
    double acc0[N] = {0}; double f00 = lj(z, N, z[2*N], acc0);
    CHECK_CLOSE("f", f0, f00, 1e-13, 0);
    CHECK_VEC_CLOSE("acc", acc, acc0, N, 1e-13, 1e-15);

    for (int j = 0; j < D; j++) {
        double zp[D], zm[D]; memcpy(zp, z, sizeof z); memcpy(zm, z, sizeof z);
        double h = oracle_fd_step(z[j], DBL_EPSILON); zp[j] += h; zm[j] -= h;
        fd[j] = (flj(zp) - flj(zm)) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad", g, fd, D, 1e-6, 1e-7 * fabs(f0));
    double H[D * D], Hfd[D * D];
    memset(acc, 0, sizeof acc);
    lj_hessian(z, N, z[2 * N], acc, H);
    for (int j = 0; j < D; j++) {
        double zp[D], zm[D], gp[D], gm[D], a1[N] = {0}, a2[N] = {0}; memcpy(zp, z, sizeof z); memcpy(zm, z, sizeof z);
        double h = oracle_fd_step(z[j], DBL_EPSILON); zp[j] += h; zm[j] -= h;
        lj_grad(zp, gp, N, zp[2 * N], &gp[2 * N], a1); lj_grad(zm, gm, N, zm[2 * N], &gm[2 * N], a2);
        for (int i = 0; i < D; i++) Hfd[i * D + j] = (gp[i] - gm[i]) / (2 * h);
    }
    CHECK_VEC_CLOSE("hess fd", H, Hfd, D * D, 1e-5, 1e-6 * oracle_norm_inf(H, D*D));
    double v[D]; oracle_fill_normal(&rng, v, D);
    double hv[D], xb[D], xbd[D], rd;
    memset(acc, 0, sizeof acc);
    lj_hvp(z, v, hv, N, z[2 * N], v[2 * N], &hv[2 * N], acc);
    memset(acc, 0, sizeof acc);
    lj_grad_jvp(z, v, xb, xbd, N, z[2 * N], v[2 * N], &xb[2 * N], &xbd[2 * N], acc);
    double Hv[D]; for (int i = 0; i < D; i++) { Hv[i] = 0; for (int j = 0; j < D; j++) Hv[i] += H[i * D + j] * v[j]; }
    CHECK_VEC_CLOSE("hvp", hv, Hv, D, 1e-10, 1e-12 * oracle_norm_inf(Hv, D));
    CHECK_VEC_CLOSE("jvp(grad)", xbd, Hv, D, 1e-10, 1e-12 * oracle_norm_inf(Hv, D));
    CHECK_VEC_CLOSE("jvp(grad) g", xb, g, D, 1e-12, 1e-14);
    memset(acc, 0, sizeof acc);
    lj_jvp(z, v, N, z[2 * N], v[2 * N], acc, &rd);
    CHECK_CLOSE("jvp", rd, oracle_dot(g, v, D), 1e-12, 1e-13 * oracle_dot_abs(g, v, D));
    /* grid */
    enum { GN = 4, GM = 3 };
    double w[GN * GM], gw[GN * GM], Hw[GN * GM * GN * GM], Jw[GN * GM];
    oracle_fill_uniform(&rng, w, GN * GM, -1, 1);
    grid_grad(w, gw, GN, GM);
    grid_jacrev(w, GN, GM, Jw);
    grid_hessian(w, GN, GM, Hw);
    CHECK_VEC_CLOSE("grid jacrev", Jw, gw, GN * GM, 1e-13, 1e-15);
    for (int k = 0; k < GN * GM; k++) {
        int i = k / GM; double c = cos(w[k] * (i + 1)), s = sin(w[k] * (i + 1));
        CHECK_CLOSE("grid g", gw[k], c * c - 2 * c * s * (i + 1) * w[k], 1e-12, 1e-14);
        double h2 = -4 * c * s * (i + 1) - 2 * (i + 1) * (i + 1) * w[k] * (c * c - s * s);
        for (int l = 0; l < GN * GM; l++) CHECK_CLOSE("grid H", Hw[k * GN * GM + l], l == k ? h2 : 0.0, 1e-12, 1e-14);
    }
    return oracle_result();
}
