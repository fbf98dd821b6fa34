/*
** grad/checkpoint_struct_state: checkpointed loops of every form whose
** state a helper writes through a struct's pointer field: step(&s, k)
** stores into s->u[i], where State s = {u, n, dt} and u is sized in the
** request. A while loop with a convergence test (online schedule) holding
** a checkpointed call, a do-while, a for with a data-dependent bound and a
** break, a for with an early return. The writes behind s->u are the
** memory of u, which the checkpoint saves as a region of n doubles; cc-ad
** used to give up on any call writing through pointers stored in memory
** (a warning, and the loop taped in full).
** Oracles: central differences (h = 1e-6, 1e-5 relative: the smooth
** iteration runs up to 200 steps, whose rounding dominates); jvp/vjp
** dot-product test with u in-out; the primal's final u bit for bit, at
** three tolerances/inputs that take different paths (converging early,
** running to 200 and returning early, a bumped k).
*/
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include "ccad_oracle.h"

typedef struct { double *u; int n; double dt; } State;

static void step(State *s, const double *k)
{
    double tmp[8];  /* n <= 8 (a malloc'd buffer: diag/checkpoint_helper_alloc) */
    for (int i = 0; i < s->n; i++) {
        double l = s->u[(i + s->n - 1) % s->n], r = s->u[(i + 1) % s->n];
        tmp[i] = s->u[i] + s->dt * k[i] * (l - 2 * s->u[i] + r) - s->dt * sin(s->u[i]);
    }
    memcpy(s->u, tmp, (size_t)s->n * sizeof *tmp);
}

double simulate(const double *k, double *u, int n, double tol)
{
    State s = {u, n, 0.05};
    double change = 1.0, acc = 0.0;
    int it = 0;
#pragma ad checkpoint(snapshots=3)
    while (change > tol && it < 200) {       /* data-dependent: online schedule */
        double before = s.u[0];
#pragma ad checkpoint
        step(&s, k);
        change = fabs(s.u[0] - before);
        acc += s.u[it % n] * 0.01;
        it++;
    }
    int m = 0;
#pragma ad checkpoint(snapshots=2)
    do {
        acc += sqrt(1.0 + s.u[m] * s.u[m]);
        m++;
    } while (m < n && s.u[m - 1] < 5.0);
    int lim = (int)(3.0 + fabs(u[0]) * 2.0);
#pragma ad checkpoint
    for (int j = 1; j <= lim; j++) {
        if (acc > 1e6) break;
        acc = acc * (1.0 + 0.01 * k[j % n]) + cos(s.u[j % n]);
    }
#pragma ad checkpoint
    for (int j = 0; j < n; j++) {
        acc += exp(-u[j] * u[j]);
        if (acc > 12.5 + 1e4 * tol + k[0])
            return acc * 0.5;
    }
    return acc;
}

#pragma ad grad(simulate) wrt(k[n], u[n]) out(return)
#pragma ad vjp(simulate) wrt(k[n], u[n]) out(u[n], return)
#pragma ad jvp(simulate) wrt(k, u) out(u, return)

#include "checkpoint_struct_state.ad.h"

#define N 5
static double sim(const double *k, const double *u0, double tol, double *uout)
{
    double u[N];
    memcpy(u, u0, sizeof u);
    double r = simulate(k, u, N, tol);
    if (uout) memcpy(uout, u, sizeof u);
    return r;
}

static void check_at(double tol, double bump, const char *tag)
{
    printf("--- %s\n", tag);
    double k[N] = {0.3, 0.5, 0.2, 0.4, 0.6}, u0[N] = {0.5, -0.2, 0.1, 0.7, 0.3};
    k[0] += bump;
    double u[N], ue[N], kb[N], ub[N];
    double f = sim(k, u0, tol, ue);
    memcpy(u, u0, sizeof u);
    ccad_checkpoint_reset_counts();
    double fg = simulate_grad(k, kb, u, ub, N, tol);
    CHECK_TRUE("iterations reversed from checkpoints", ccad_checkpoint_steps() > 0);
    CHECK_CLOSE("grad primal", fg, f, 0, 0);
    oracle_check_identical("grad leaves u", u, ue, N);
    for (int i = 0; i < 2 * N; i++) {
        double kp[N], km[N], up[N], um[N];
        memcpy(kp, k, sizeof k); memcpy(km, k, sizeof k); memcpy(up, u0, sizeof up); memcpy(um, u0, sizeof um);
        double h = 1e-6;
        if (i < N) { kp[i] += h; km[i] -= h; } else { up[i - N] += h; um[i - N] -= h; }
        double d = (sim(kp, up, tol, NULL) - sim(km, um, tol, NULL)) / (2 * h);
        CHECK_CLOSE("grad fd", i < N ? kb[i] : ub[i - N], d, 1e-5, 1e-7);
    }
    /* dot test jvp/vjp with the u output */
    OracleRng rng = {11};
    double kd[N], ud[N], w[N], kb2[N] = {0}, ub2[N], rd;
    oracle_fill_uniform(&rng, kd, N, -1, 1); oracle_fill_uniform(&rng, ud, N, -1, 1);
    oracle_fill_uniform(&rng, w, N, -1, 1);
    memcpy(u, u0, sizeof u);
    double udot[N];
    memcpy(udot, ud, sizeof udot);
    double fj = simulate_jvp(k, kd, u, udot, N, tol, &rd);
    CHECK_CLOSE("jvp primal", fj, f, 0, 0);
    memcpy(u, u0, sizeof u);
    memcpy(ub2, w, sizeof ub2);
    double fv = simulate_vjp(k, kb2, u, ub2, N, tol, 0.7);
    CHECK_CLOSE("vjp primal", fv, f, 0, 0);
    oracle_check_identical("vjp leaves u", u, ue, N);
    double lhs = oracle_dot(udot, w, N) + 0.7 * rd;
    double rhs = oracle_dot(kd, kb2, N) + oracle_dot(ud, ub2, N);
    CHECK_CLOSE("dot test", lhs, rhs, 1e-11, 1e-13);
    CHECK_TRUE("tape empty", ccad_tape_empty());
}

int main(void)
{
    check_at(1e-3, 0.0, "converges early");
    check_at(1e-9, 0.0, "runs to 200, returns early");
    check_at(1e-3, 0.5, "bumped k");
    return oracle_result();
}
