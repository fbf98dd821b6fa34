// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* vjp/checkpoint_omp_time_loop (probe16): checkpointed time loops whose body
   is an OpenMP parallel for over space, the shape of every explicit PDE
   solver: a for loop (revolve, snapshots=3) with a reduction(+) and ping-pong
   buffers malloc'd once, then a while loop (online schedule) with a
   data-dependent time step. Oracles: central differences of heat (1e-6
   relative: smooth, O(1) values), jvp = <grad, v> (1e-11), hvp against
   differences of the gradient (1e-5), vjp = 2 grad (accumulation, seed 2).
   Passes with 1, 3 and 5 threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

double heat(const double *u0, const double *kap, int n, int steps)
{
    double *u = malloc(n * sizeof *u), *v = malloc(n * sizeof *v);
    memcpy(u, u0, n * sizeof *u);
    double t = 0, e = 0;
#pragma ad checkpoint(snapshots=3)
    for (int s = 0; s < steps; s++) {
        double loc = 0;
#pragma omp parallel for reduction(+:loc)
        for (int i = 0; i < n; i++) {
            double l = u[(i + n - 1) % n], r = u[(i + 1) % n];
            v[i] = u[i] + 0.1 * kap[i] * (l - 2 * u[i] + r) - 0.01 * u[i] * u[i] * u[i];
            loc += v[i] * v[i];
        }
        double *w = u; u = v; v = w;
        e += loc / n;
    }
#pragma ad checkpoint(snapshots=2)
    while (t < 0.35) {
#pragma omp parallel for
        for (int i = 0; i < n; i++) v[i] = u[i] * cos(u[i] * 0.5 + t);
        double *w = u; u = v; v = w;
        t += 0.1 + 0.01 * fabs(u[0]);
    }
    double r = e;
    for (int i = 0; i < n; i++) r += u[i] * kap[i];
    free(u); free(v);
    return r;
}
#pragma ad grad(heat) wrt(u0[n], kap[n])
#pragma ad vjp(heat) wrt(u0[n], kap[n])
#pragma ad jvp(heat) wrt(u0, kap)
#pragma ad hvp(heat) wrt(u0[n], kap[n])
#include "checkpoint_omp_time_loop.ad.h"

enum { N = 8, S = 7 };
int main(void)
{
    double u[N], k[N], gu[N], gk[N];
    for (int i = 0; i < N; i++) { u[i] = 0.5 + 0.3 * sin(i); k[i] = 0.8 + 0.1 * cos(2 * i); }
    double f = heat_grad(u, gu, k, gk, N, S);
    CHECK_CLOSE("primal", f, heat(u, k, N, S), 1e-13, 1e-15);
    for (int j = 0; j < 2 * N; j++) {
        double up[N], um[N], kp[N], km[N], h = 1e-6;
        memcpy(up, u, sizeof u); memcpy(um, u, sizeof u); memcpy(kp, k, sizeof k); memcpy(km, k, sizeof k);
        if (j < N) { up[j] += h; um[j] -= h; } else { kp[j - N] += h; km[j - N] -= h; }
        double fd = (heat(up, kp, N, S) - heat(um, km, N, S)) / (2 * h);
        CHECK_CLOSE("grad vs fd", j < N ? gu[j] : gk[j - N], fd, 1e-6, 1e-8);
    }
    double ud[N], kd[N], fdd, hu[N], hk[N];
    for (int i = 0; i < N; i++) { ud[i] = 0.1 * (i % 3) - 0.1; kd[i] = 0.05 * i; }
    heat_jvp(u, ud, k, kd, N, S, &fdd);
    double w = 0; for (int i = 0; i < N; i++) w += gu[i] * ud[i] + gk[i] * kd[i];
    CHECK_CLOSE("jvp = <grad, v>", fdd, w, 1e-11, 1e-13);
    heat_hvp(u, ud, hu, k, kd, hk, N, S);
    double up[N], um[N], kp[N], km[N], gp[2 * N], gm[2 * N], h = 1e-5;
    for (int i = 0; i < N; i++) { up[i] = u[i] + h * ud[i]; um[i] = u[i] - h * ud[i]; kp[i] = k[i] + h * kd[i]; km[i] = k[i] - h * kd[i]; }
    heat_grad(up, gp, kp, gp + N, N, S); heat_grad(um, gm, km, gm + N, N, S);
    for (int i = 0; i < 2 * N; i++) CHECK_CLOSE("hvp vs fd of grad", i < N ? hu[i] : hk[i - N], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-7);
    double ub[N] = {0}, kb[N] = {0};
    heat_vjp(u, ub, k, kb, N, S, 2.0);
    for (int i = 0; i < N; i++) { CHECK_CLOSE("vjp = 2 grad", ub[i], 2 * gu[i], 1e-12, 1e-14); CHECK_CLOSE("vjp = 2 grad", kb[i], 2 * gk[i], 1e-12, 1e-14); }
    return oracle_result();
}
