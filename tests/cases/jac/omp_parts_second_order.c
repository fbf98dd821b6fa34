// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/omp_parts_second_order: a parallel loop whose adjoint adds into a
** small shared array by a non-counter index (w_bar[i % 3]: per-thread
** copies, ccad_omp_part_d) under second order: hessian, hvp and
** jvp(loss_grad), whose tangent sweeps keep two per-thread copies per loop
** (w_bar and w_bar_dot). Oracles: H v against differences of grad (1e-5),
** hvp = H v and jvp(grad) = H v (1e-11). Run also at OMP_NUM_THREADS=1,2,4.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
double loss(const double *x, const double *w, int n)
{
    double s = 0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++) {
        double t = sin(x[i] * w[i % 3]) + w[(i + 1) % 3] * x[i];
        s += t * t;
    }
    return s;
}
#pragma ad grad(loss) wrt(x[n], w[3])
#pragma ad hessian(loss) wrt(x[n], w[3])
#pragma ad hvp(loss) wrt(x[n], w[3])
#pragma ad jvp(loss_grad) wrt(x[n], w[3]) out(x_bar[n], w_bar[3])
#include "omp_parts_second_order.ad.h"
enum { N = 40, NI = N + 3 };
static void gflat(void *c, const double *z, double *g) { (void)c; loss_grad(z, g, z + N, g + N, N); }
static void flat(void *c, const double *z, double *y) { (void)c; y[0] = loss(z, z + N, N); }
int main(void) {
    static double z[NI], v[NI], g[NI], gfd[NI], H[NI * NI], hv[NI], Hv[NI], gb[NI], gd[NI], hfd[NI];
    for (int i = 0; i < NI; i++) { z[i] = sin(0.7 * i + 0.2); v[i] = cos(1.1 * i); }
    double f0 = loss_grad(z, g, z + N, g + N, N);
    oracle_fd_grad(flat, NULL, NI, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, NI, 1e-6, oracle_fd_atol(f0));
    loss_hessian(z, z + N, N, H);
    for (int i = 0; i < NI; i++) { Hv[i] = 0; for (int j = 0; j < NI; j++) Hv[i] += H[i * NI + j] * v[j]; }
    oracle_fd_jvp(gflat, NULL, NI, NI, z, v, hfd);
    CHECK_VEC_CLOSE("H v vs fd(grad)", Hv, hfd, NI, 1e-5, 1e-7);
    loss_hvp(z, v, hv, z + N, v + N, hv + N, N);
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, NI, 1e-11, 1e-12);
    loss_grad_jvp(z, v, gb, gd, z + N, v + N, gb + N, gd + N, N);
    CHECK_VEC_CLOSE("jvp(grad) = H v", gd, Hv, NI, 1e-11, 1e-12);
    return oracle_result();
}
