// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_steps: time steps of a nonlinear diffusion stencil, each step two
** '#pragma omp parallel for' loops inside the serial time loop (the first
** keeps sin(u[i]) for the backward sweep, the second overwrites u in place,
** schedule(dynamic)). vjp against jvp (dot-product test) and central
** differences, and under 1, 2 and 4 threads against 1 thread.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

void heat(double *u, double *w, int n, int steps, double nu)
{
    for (int k = 0; k < steps; k++) {
#pragma omp parallel for
        for (int i = 1; i < n - 1; i++) {
            double t = sin(u[i]);
            w[i] = u[i] + nu * (1.0 + t * t) * (u[i - 1] - 2 * u[i] + u[i + 1]);
        }
#pragma omp parallel for schedule(dynamic, 3)
        for (int i = 1; i < n - 1; i++)
            u[i] = w[i];
    }
}

#pragma ad vjp(heat) wrt(u[n], w[n], nu) out(u[n])
#pragma ad jvp(heat) wrt(u[n], w[n], nu) out(u[n])

#include "omp_steps.ad.h"

enum { N = 64, STEPS = 5 };

int main(void)
{
    OracleRng r = oracle_rng(1405);
    double u0[N], v[N], wt[N], u[N], w[N], ud[N], wd[N], ub[N], wb[N], g1[N], q[N];
    double nu = 0.2, nv = 0.3;
    oracle_fill_normal(&r, u0, N);
    oracle_fill_normal(&r, v, N);
    oracle_fill_normal(&r, wt, N);
    int threads[3] = {1, 2, 4};
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(threads[k]);
        memcpy(u, u0, sizeof u);
        memcpy(ud, v, sizeof ud);
        memset(w, 0, sizeof w);
        memset(wd, 0, sizeof wd);
        heat_jvp(u, ud, w, wd, N, STEPS, nu, nv);
        memcpy(u, u0, sizeof u);
        memcpy(ub, wt, sizeof ub);
        memset(w, 0, sizeof w);
        memset(wb, 0, sizeof wb);
        double nb = 0;
        heat_vjp(u, ub, w, wb, N, STEPS, nu, &nb);
        if (k == 0) memcpy(g1, ub, sizeof g1);
        for (int i = 0; i < N; i++) CHECK_CLOSE("vjp threads", ub[i], g1[i], 1e-12, 1e-14);
        CHECK_CLOSE("<J v, w> = <v, J^T w>", oracle_dot(wt, ud, N), oracle_dot(ub, v, N) + nb * nv, 1e-12, 1e-12);
        /* <w, J v> by central differences */
        double h = 1e-6, fp, fm;
        for (int i = 0; i < N; i++) q[i] = u0[i] + h * v[i];
        heat(q, w, N, STEPS, nu + h * nv);
        fp = oracle_dot(wt, q, N);
        for (int i = 0; i < N; i++) q[i] = u0[i] - h * v[i];
        heat(q, w, N, STEPS, nu - h * nv);
        fm = oracle_dot(wt, q, N);
        CHECK_CLOSE("jvp vs fd", oracle_dot(wt, ud, N), (fp - fm) / (2 * h), 1e-6, 1e-6);
    }
    return oracle_result();
}
