// CFLAGS: -D_DEFAULT_SOURCE
/*
** realc/burgers_ckpt: a 1-D viscous Burgers solver as a CFD course writes it:
** periodic grid, first-order upwind convection (a branch on the sign of u),
** central diffusion, explicit Euler in time with a CFL-limited dt computed
** from max|u| (fmax over the grid), two malloc'd buffers swapped by pointer
** each step (tmp = u; u = un; un = tmp;), `#pragma ad checkpoint(snapshots=6)`
** on the time loop, a helper step() per time step.
** Requests: grad of a misfit of the final state wrt (u0, nu); jvp; hvp and
** hessian (forward over the checkpointed reverse sweep); the
** checkpoint counters are read to show recomputation happened.
** Oracles: central differences (h = 1e-6, rtol 1e-6); jvp by dot product
** (1e-11); the gradient is the same with checkpointing as the one taped in
** full (burgers_nock, the same code without the pragma: 1e-13).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

static void step(const double *u, double *un, int n, double dt, double dx, double nu)
{
    for (int i = 0; i < n; i++) {
        int im = (i - 1 + n) % n, ip = (i + 1) % n;
        double conv;
        if (u[i] > 0) conv = u[i] * (u[i] - u[im]) / dx;
        else conv = u[i] * (u[ip] - u[i]) / dx;
        double diff = nu * (u[ip] - 2.0 * u[i] + u[im]) / (dx * dx);
        un[i] = u[i] + dt * (diff - conv);
    }
}

double burgers(const double *u0, double nu, const double *target, int n, int nt)
{
    double *u = malloc(n * sizeof(double)), *un = malloc(n * sizeof(double)), *tmp;
    double dx = 2.0 * M_PI / n, J = 0.0;
    memcpy(u, u0, n * sizeof(double));
#pragma ad checkpoint(snapshots=6)
    for (int k = 0; k < nt; k++) {
        double umax = 1e-12;
        for (int i = 0; i < n; i++) umax = fmax(umax, fabs(u[i]));
        double dt = fmin(0.4 * dx / umax, 0.2 * dx * dx / nu);
        step(u, un, n, dt, dx, nu);
        tmp = u; u = un; un = tmp;
    }
    for (int i = 0; i < n; i++) J += 0.5 * (u[i] - target[i]) * (u[i] - target[i]);
    free(u); free(un);
    return J;
}
double burgers_nock(const double *u0, double nu, const double *target, int n, int nt)
{
    double *u = malloc(n * sizeof(double)), *un = malloc(n * sizeof(double)), *tmp;
    double dx = 2.0 * M_PI / n, J = 0.0;
    memcpy(u, u0, n * sizeof(double));
    for (int k = 0; k < nt; k++) {
        double umax = 1e-12;
        for (int i = 0; i < n; i++) umax = fmax(umax, fabs(u[i]));
        double dt = fmin(0.4 * dx / umax, 0.2 * dx * dx / nu);
        step(u, un, n, dt, dx, nu);
        tmp = u; u = un; un = tmp;
    }
    for (int i = 0; i < n; i++) J += 0.5 * (u[i] - target[i]) * (u[i] - target[i]);
    free(u); free(un);
    return J;
}
#pragma ad grad(burgers) wrt(u0[n], nu)
#pragma ad grad(burgers_nock) wrt(u0[n], nu)
#pragma ad jvp(burgers) wrt(u0[n], nu)
#pragma ad hvp(burgers) wrt(u0[n], nu)
#pragma ad hessian(burgers) wrt(nu)

#include "burgers_ckpt.ad.h"

#define N 24
#define NT 57
int main(void)
{
    double u0[N], tg[N], g[N], g2[N], nu = 0.05, gnu = 0, gnu2 = 0;
    for (int i = 0; i < N; i++) { double x = 2 * M_PI * i / N; u0[i] = 1.0 + 0.5 * sin(x); tg[i] = 1.0 + 0.3 * cos(x); }
    double f0 = burgers(u0, nu, tg, N, NT);
    ccad_checkpoint_reset_counts();
    double f1 = burgers_grad(u0, g, nu, &gnu, tg, N, NT);
    CHECK_CLOSE("primal", f1, f0, 1e-15, 0);
    CHECK_TRUE("recomputed steps", ccad_checkpoint_recomputations() > 0);
    burgers_nock_grad(u0, g2, nu, &gnu2, tg, N, NT);
    CHECK_VEC_CLOSE("checkpointed = taped", g, g2, N, 1e-13, 1e-15);
    CHECK_CLOSE("checkpointed = taped (nu)", gnu, gnu2, 1e-13, 1e-15);
    double h = 1e-6;
    for (int j = 0; j < N; j += 3) {
        double up[N], um[N]; memcpy(up, u0, sizeof u0); memcpy(um, u0, sizeof u0); up[j] += h; um[j] -= h;
        CHECK_CLOSE("grad u0 vs fd", g[j], (burgers(up, nu, tg, N, NT) - burgers(um, nu, tg, N, NT)) / (2 * h), 1e-6, 1e-9);
    }
    CHECK_CLOSE("grad nu vs fd", gnu, (burgers(u0, nu + h, tg, N, NT) - burgers(u0, nu - h, tg, N, NT)) / (2 * h), 1e-6, 1e-9);
    OracleRng r = oracle_rng(4);
    double v[N], vnu = 0.3, fd = 0;
    oracle_fill_uniform(&r, v, N, -1, 1);
    burgers_jvp(u0, v, nu, vnu, tg, N, NT, &fd);
    CHECK_CLOSE("jvp . dot", fd, oracle_dot(v, g, N) + vnu * gnu, 1e-11, 1e-13);
    /* hvp against differences of the gradient */
    double vv[N], hv[N], hnu = 0, Hn = 0, vnu2 = 0.5;
    for (int i = 0; i < N; i++) vv[i] = cos(0.3 * i);
    burgers_hvp(u0, vv, hv, nu, vnu2, &hnu, tg, N, NT);
    double up2[N], um2[N], gp[N], gm[N], gnp = 0, gnm = 0, e = 1e-5;
    for (int i = 0; i < N; i++) { up2[i] = u0[i] + e * vv[i]; um2[i] = u0[i] - e * vv[i]; }
    burgers_grad(up2, gp, nu + e * vnu2, &gnp, tg, N, NT);
    burgers_grad(um2, gm, nu - e * vnu2, &gnm, tg, N, NT);
    for (int i = 0; i < N; i += 5) CHECK_CLOSE("hvp vs fd of grad", hv[i], (gp[i] - gm[i]) / (2 * e), 1e-5, 1e-7);
    CHECK_CLOSE("hvp nu vs fd of grad", hnu, (gnp - gnm) / (2 * e), 1e-5, 1e-7);
    burgers_hessian(u0, nu, tg, N, NT, &Hn);
    double g1[N], g3[N], a1 = 0, a2 = 0;
    burgers_grad(u0, g1, nu + e, &a1, tg, N, NT); burgers_grad(u0, g3, nu - e, &a2, tg, N, NT);
    CHECK_CLOSE("hessian nu vs fd", Hn, (a1 - a2) / (2 * e), 1e-5, 1e-7);
    return oracle_result();
}
