// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/omp_dynamic_if_inout: an in-out helper whose parallel loop has
** schedule(dynamic, 3), num_threads(3) and an if(n > 10) clause, and an
** inner loop whose trip count varies with i (so the loop keeps values for
** its backward sweep: per-thread tapes must follow the dynamic assignment),
** called twice on a malloc'd buffer. grad and hvp of a loss, jvp and vjp of
** the in-out step. Oracles: central differences (1e-6), hvp against
** differences of grad (1e-5), the dot-product test (1e-12).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"
void step(double *u, const double *c, int n)
{
#pragma omp parallel for schedule(dynamic, 3) num_threads(3) if(n > 10)
    for (int i = 0; i < n; i++) {
        double t = u[i];
        for (int k = 0; k < 1 + i % 4; k++) t = t - 0.1 * sin(t) * c[i % 3];
        u[i] = t * t * 0.5 + u[i];
    }
}
double loss(const double *x, const double *c, int n)
{
    double *u = malloc((size_t)n * sizeof *u);
    memcpy(u, x, (size_t)n * sizeof *u);
    step(u, c, n);
    step(u, c, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += u[i] * (i % 5 - 2);
    free(u);
    return s;
}
#pragma ad grad(loss) wrt(x[n], c[3])
#pragma ad hvp(loss) wrt(x[n], c[3])
#pragma ad jvp(step) wrt(u[n], c[3]) out(u[n])
#pragma ad vjp(step) wrt(u[n], c[3]) out(u[n])
#include "omp_dynamic_if_inout.ad.h"
enum { N = 37 };
static void flat(void *ctx, const double *z, double *y) { (void)ctx; y[0] = loss(z, z + N, N); }
static void sflat(void *ctx, const double *z, double *y) { (void)ctx; memcpy(y, z, N * sizeof *y); step(y, z + N, N); }
static void gflat(void *ctx, const double *z, double *g) { (void)ctx; loss_grad(z, g, z + N, g + N, N); }
int main(void) {
    double z[N + 3], v[N + 3], g[N + 3], gfd[N + 3];
    for (int i = 0; i < N + 3; i++) { z[i] = sin(0.3 * i + 0.1); v[i] = cos(0.7 * i); }
    double f0 = loss_grad(z, g, z + N, g + N, N);
    oracle_fd_grad(flat, NULL, N + 3, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, N + 3, 1e-6, oracle_fd_atol(f0));
    double hv[N + 3], hfd[N + 3];
    loss_hvp(z, v, hv, z + N, v + N, hv + N, N);
    oracle_fd_jvp(gflat, NULL, N + 3, N + 3, z, v, hfd);
    CHECK_VEC_CLOSE("hvp vs fd(grad)", hv, hfd, N + 3, 1e-5, 1e-7);
    double u[N], ud[N], fdd[N], w[N], ub[N], cb[3] = {0};
    memcpy(u, z, sizeof u); memcpy(ud, v, sizeof ud);
    step_jvp(u, ud, z + N, v + N, N);
    oracle_fd_jvp(sflat, NULL, N + 3, N, z, v, fdd);
    CHECK_VEC_CLOSE("step jvp vs fd", ud, fdd, N, 1e-6, 1e-8);
    for (int i = 0; i < N; i++) w[i] = sin(2.1 * i);
    memcpy(u, z, sizeof u); memcpy(ub, w, sizeof ub);
    step_vjp(u, ub, z + N, cb, N);
    CHECK_CLOSE("dot", oracle_dot(ud, w, N), oracle_dot(v, ub, N) + oracle_dot(v + N, cb, 3), 1e-12, 1e-14);
    return oracle_result();
}
