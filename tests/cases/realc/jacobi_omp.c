// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** realc/jacobi_omp: a 2-D Jacobi relaxation as OpenMP tutorials write it: one
** `#pragma omp parallel` region around the whole iteration loop, work-shared
** `#pragma omp for collapse(2) schedule(static)` stencil sweeps (the implicit
** barrier between them), a nonlinear source term kappa * sin(u). (`omp single` bookkeeping in such
** a region: grad/omp_single_master.c.)
** Requests: grad of the final energy wrt (f, kappa); jvp; vjp.
** Oracles: central differences (h = 1e-6, rtol 1e-6); jvp by dot product
** (1e-12); run at 1, 2 and 3 threads (the program sets them itself).
*/
#include <math.h>
#include <omp.h>
#include <string.h>
#include "ccad_oracle.h"

#define NXY 10
double jacobi(const double *f, double kappa, int nit)
{
    double u[NXY][NXY], un[NXY][NXY], e = 0.0;
    memset(u, 0, sizeof u);
    memset(un, 0, sizeof un);
#pragma omp parallel shared(u, un)
    {
        for (int it = 0; it < nit; it++) {
#pragma omp for collapse(2) schedule(static)
            for (int i = 1; i < NXY - 1; i++)
                for (int j = 1; j < NXY - 1; j++)
                    un[i][j] = 0.25 * (u[i - 1][j] + u[i + 1][j] + u[i][j - 1] + u[i][j + 1]
                                       + f[i * NXY + j] + kappa * sin(u[i][j]));
#pragma omp for collapse(2) schedule(static)
            for (int i = 1; i < NXY - 1; i++)
                for (int j = 1; j < NXY - 1; j++) {
                    u[i][j] = un[i][j];
                }
        }
    }
    for (int i = 0; i < NXY; i++)
        for (int j = 0; j < NXY; j++) e += u[i][j] * u[i][j];
    return e;
}
#pragma ad grad(jacobi) wrt(f[NXY*NXY], kappa)
#pragma ad jvp(jacobi) wrt(f[NXY*NXY], kappa)
#pragma ad vjp(jacobi) wrt(f[NXY*NXY], kappa)

#include "jacobi_omp.ad.h"

#define NIT 7
int main(void)
{
    double f[NXY * NXY], g[NXY * NXY], kappa = 0.3, gk = 0;
    for (int i = 0; i < NXY * NXY; i++) f[i] = sin(0.37 * i);
    for (int th = 1; th <= 3; th++) {
        omp_set_num_threads(th);
        double e0 = jacobi(f, kappa, NIT), e1 = jacobi_grad(f, g, kappa, &gk, NIT);
        CHECK_CLOSE("primal", e1, e0, 1e-14, 0);
        double h = 1e-6;
        for (int j = 11; j < NXY * NXY; j += 13) {
            double fp[NXY * NXY], fm[NXY * NXY]; memcpy(fp, f, sizeof f); memcpy(fm, f, sizeof f); fp[j] += h; fm[j] -= h;
            CHECK_CLOSE("grad f vs fd", g[j], (jacobi(fp, kappa, NIT) - jacobi(fm, kappa, NIT)) / (2 * h), 1e-6, 1e-10);
        }
        CHECK_CLOSE("grad kappa vs fd", gk, (jacobi(f, kappa + h, NIT) - jacobi(f, kappa - h, NIT)) / (2 * h), 1e-6, 1e-10);
        double v[NXY * NXY], vk = -0.8, ed = 0;
        for (int i = 0; i < NXY * NXY; i++) v[i] = cos(1.1 * i);
        jacobi_jvp(f, v, kappa, vk, NIT, &ed);
        CHECK_CLOSE("jvp . dot", ed, oracle_dot(v, g, NXY * NXY) + vk * gk, 1e-12, 1e-14);
        double fb[NXY * NXY], kb = 1.0;
        for (int i = 0; i < NXY * NXY; i++) fb[i] = 1.0;
        jacobi_vjp(f, fb, kappa, &kb, NIT, 2.0);
        CHECK_CLOSE("vjp accumulates seed 2", fb[37], 1.0 + 2 * g[37], 1e-12, 1e-14);
        CHECK_CLOSE("vjp kappa", kb, 1.0 + 2 * gk, 1e-12, 1e-14);
    }
    return oracle_result();
}
