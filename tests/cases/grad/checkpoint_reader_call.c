/* A checkpointed time loop in a helper that steps its caller's array u
 * (u[i] += dt * du[i]) and calls a right-hand side that only reads u
 * (const double *u). The state is u[0..n) and the malloc'd du; the call
 * used to count as a write of unknown extent through u, so the pragma was
 * dropped with a warning and the loop taped in full. Oracles: central
 * differences, and the gradient bit for bit against the same objective
 * without the pragma; ccad_checkpoint_steps() shows the schedule ran. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

static void rhs(const double *u, double *du, int n, double kappa)
{
    for (int i = 0; i < n; i++) {
        double l = i > 0 ? u[i - 1] : 0.0, r = i + 1 < n ? u[i + 1] : 0.0;
        du[i] = kappa * (l - 2.0 * u[i] + r) - u[i] * u[i] * u[i];
    }
}

static void integrate(double *u, int n, double kappa, double tend)
{
    double t = 0.0, dt = 0.05;
    double *du = malloc(n * sizeof(double));
#pragma ad checkpoint(snapshots=3)
    while (t < tend) {
        rhs(u, du, n, kappa);
        for (int i = 0; i < n; i++)
            u[i] += dt * du[i];
        t += dt;
    }
    free(du);
}

static void integrate_taped(double *u, int n, double kappa, double tend)
{
    double t = 0.0, dt = 0.05;
    double *du = malloc(n * sizeof(double));
    while (t < tend) {
        rhs(u, du, n, kappa);
        for (int i = 0; i < n; i++)
            u[i] += dt * du[i];
        t += dt;
    }
    free(du);
}

double final_energy(const double *u0, int n, double kappa, int ckpt)
{
    double *u = malloc(n * sizeof(double));
    memcpy(u, u0, n * sizeof(double));
    if (ckpt)
        integrate(u, n, kappa, 1.0);
    else
        integrate_taped(u, n, kappa, 1.0);
    double e = 0.0;
    for (int i = 0; i < n; i++)
        e += u[i] * u[i];
    free(u);
    return e;
}

#pragma ad grad(final_energy) wrt(u0[n], kappa)

#include "checkpoint_reader_call.ad.h"

#define N 6

int main(void)
{
    double u0[N] = {0.4, -0.2, 0.7, 0.1, -0.5, 0.3}, kappa = 0.8;
    double g[N], gk, t[N], tk;
    ccad_checkpoint_reset_counts();
    final_energy_grad(u0, g, N, kappa, &gk, 1);
    CHECK_TRUE("iterations reversed from checkpoints", ccad_checkpoint_steps() > 0);
    final_energy_grad(u0, t, N, kappa, &tk, 0);
    CHECK_TRUE("kappa as taped in full", gk == tk);
    for (int i = 0; i < N; i++) CHECK_TRUE("u0 as taped in full", g[i] == t[i]);
    for (int j = 0; j <= N; j++) {
        double up[N], um[N], kp = kappa, km = kappa, h = 1e-6;
        memcpy(up, u0, sizeof up);
        memcpy(um, u0, sizeof um);
        if (j < N) { up[j] += h; um[j] -= h; } else { kp += h; km -= h; }
        double fd = (final_energy(up, N, kp, 1) - final_energy(um, N, km, 1)) / (2 * h);
        CHECK_CLOSE("gradient", j < N ? g[j] : gk, fd, 1e-6, 1e-8);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
