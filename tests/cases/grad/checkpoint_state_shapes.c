/* grad/checkpoint_state_shapes (probe6): the shapes of a checkpointed
** loop's state the manual lists, together: a VLA accumulated in the loop,
** a struct whose pointer fields a helper swaps (ping-pong buffers malloc'd
** once, reached through the struct), a row of an output parameter written
** through an offset pointer (hist + k * n, sized in the request), an
** adaptive while loop whose trip count depends on the data (dt from u[0]),
** snapshots=1, and a call checkpoint of a helper writing through the
** struct's pointers. Oracles: central differences of the primal (grad,
** 1e-6 relative, floor ORACLE_ATOL_FD); vjp seeded on the trajectory and
** the result against differences by the dot product (1e-6); jvp of the
** trajectory and result against differences; hist and the primal equal
** to f's bitwise; some iterations recomputed.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef struct St { double *u, *v; int n; double t; } St;

static void advance(St *s, double dt)
{
    for (int i = 0; i < s->n; i++)
        s->v[i] = s->u[i] + dt * (cos(s->u[i]) - 0.3 * s->u[(i + 1) % s->n]);
    double *tmp = s->u; s->u = s->v; s->v = tmp;
    s->t += dt;
}

static void smooth(St *s)
{
    for (int i = 0; i < s->n; i++)
        s->v[i] = 0.5 * (s->u[i] + s->u[(i + s->n - 1) % s->n]);
    for (int i = 0; i < s->n; i++)
        s->u[i] = s->v[i] * s->v[i];
}

double traj(const double *x, double *hist, int n, int T)
{
    double vla[n];
    double *u = malloc(n * sizeof *u), *v = malloc(n * sizeof *v);
    for (int i = 0; i < n; i++) { u[i] = x[i]; vla[i] = 0.0; }
    St s = {u, v, n, 0.0};
#pragma ad checkpoint(snapshots=1)
    for (int k = 0; k < T; k++) {
        advance(&s, 0.2);
        double *row = hist + k * n;
        for (int i = 0; i < n; i++) {
            row[i] = s.u[i];
            vla[i] += s.u[i] * s.u[i];
        }
    }
#pragma ad checkpoint
    smooth(&s);
    double dt = 0.05, acc = 0.0;
#pragma ad checkpoint(snapshots=2)
    while (s.t < 2.0) {
        advance(&s, dt);
        dt = 0.05 + 0.02 * fabs(s.u[0]);     /* adaptive: trip count depends on data */
        acc += dt * s.u[1];
    }
    double r = acc;
    for (int i = 0; i < n; i++) r += vla[i] * s.u[i];
    free(u); free(v);
    return r;
}

#pragma ad grad(traj) wrt(x[n]) scratch(hist[n*T])
#pragma ad vjp(traj) wrt(x[n]) out(hist[n*T], return)
#pragma ad jvp(traj) wrt(x[n]) out(hist[n*T], return)

#include "checkpoint_state_shapes.ad.h"

#define N 4
#define T 5
static void F(void *c, const double *x, double *y) { (void)c; double h[N * T]; y[0] = traj(x, h, N, T); }
static void FH(void *c, const double *x, double *y) { (void)c; y[N * T] = traj(x, y, N, T); }

int main(void)
{
    OracleRng rng = oracle_rng(101);
    double x[N], g[N], fd[N], h[N * T], h2[N * T];
    oracle_fill_uniform(&rng, x, N, -1, 1);
    double f0 = traj(x, h2, N, T);
    ccad_checkpoint_reset_counts();
    CHECK_CLOSE("primal", traj_grad(x, g, h, N, T), f0, 1e-14, 0);
    CHECK_TRUE("iterations were recomputed", ccad_checkpoint_recomputations() > 0);
    CHECK_VEC_CLOSE("hist", h, h2, N * T, 0, 0);
    oracle_fd_grad(F, NULL, N, x, fd);
    CHECK_VEC_CLOSE("grad", g, fd, N, 1e-6, oracle_fd_atol(f0));
    /* vjp with seeds on hist and return, vs fd dot */
    double w[N * T + 1], xb[N] = {0}, hb[N * T], v[N], yd[N * T], rd, Jv[N * T + 1];
    oracle_fill_uniform(&rng, w, N * T + 1, -1, 1);
    oracle_fill_uniform(&rng, v, N, -1, 1);
    memcpy(hb, w, sizeof hb);
    traj_vjp(x, xb, h, hb, N, T, w[N * T]);
    oracle_fd_jvp(FH, NULL, N, N * T + 1, x, v, Jv);
    CHECK_CLOSE("vjp dot", oracle_dot(xb, v, N), oracle_dot(Jv, w, N * T + 1), 1e-6, 1e-7);
    CHECK_CLOSE("hist_bar zero", oracle_norm_inf(hb, N * T), 0, 0, 0);
    traj_jvp(x, v, h, yd, N, T, &rd);
    CHECK_VEC_CLOSE("jvp hist", yd, Jv, N * T, 1e-6, 1e-7);
    CHECK_CLOSE("jvp ret", rd, Jv[N * T], 1e-6, 1e-7);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
