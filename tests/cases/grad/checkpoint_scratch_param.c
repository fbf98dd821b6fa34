/*
** grad/checkpoint_scratch_param: a checkpointed loop that writes, through
** a helper, a parameter the request lists as scratch state, scratch(s[n]):
** its n elements are part of the loop's state (a region the snapshots save,
** its size from the request), as they are for wrt and out. The same for
** grad of a jvp, where the jvp's tangent buffer u_dot is scratch state of
** the gradient (grad(run_jvp) ... scratch(u_dot[n], s[n])). cc-ad used to
** look for the size in wrt and out only: it warned that it could not tell
** the size of the memory written through 's' (advising wrt(s[N]) or
** out(s[N]), which exclude scratch), dropped the checkpoint and taped the
** loop in full.
** Oracles: central differences (oracle_fd_grad, ORACLE_RTOL_FD) of run
** over (u, nu), and of run_jvp's ret_dot over (u, nu) for a fixed
** direction (u_dot, nu_dot); the checkpoint is applied (its counters move:
** ccad_checkpoint_steps); u and s end as the primal leaves them, bit for
** bit.
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

static void adv(double *u, double *s, int n, double nu)
{
    for (int i = 0; i < n; i++) {
        s[i] = nu * sin(u[i]);
        u[i] = u[i] + s[i] * s[(i + 1) % n];
    }
}

double run(double *u, double *s, int n, double nu)
{
#pragma ad checkpoint(snapshots=3)
    for (int t = 0; t < 10; t++)
        adv(u, s, n, nu);
    return u[0] * u[n - 1];
}

#pragma ad grad(run) wrt(u[n], nu) out(return) scratch(s[n])
#pragma ad jvp(run) wrt(u[n], nu) out(return, u[n]) scratch(s[n])
#pragma ad grad(run_jvp) wrt(u[n], nu) out(ret_dot[1]) scratch(u_dot[n], s[n])

#include "checkpoint_scratch_param.ad.h"

enum { N = 4 };
static const double V[N + 1] = {0.4, -1.0, 0.25, 0.7, -0.3};  /* (u_dot, nu_dot) */

/* x = (u[0 .. N), nu) */
static void run_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    double u[N], s[N] = {0};
    memcpy(u, x, sizeof u);
    *y = run(u, s, N, x[N]);
}

static void run_jvp_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    double u[N], ud[N], s[N] = {0};
    memcpy(u, x, sizeof u);
    memcpy(ud, V, sizeof ud);
    run_jvp(u, ud, s, N, x[N], V[N], y);
}

int main(void)
{
    const double x[N + 1] = {0.3, -0.5, 0.8, 0.1, 0.6};
    double u[N], s[N] = {0}, ug[N], sg[N] = {0}, g[N + 1], fd[N + 1];

    memcpy(u, x, sizeof u);
    double f = run(u, s, N, x[N]);
    memcpy(ug, x, sizeof ug);
    ccad_checkpoint_reset_counts();
    double fg = run_grad(ug, g, sg, N, x[N], &g[N]);
    CHECK_TRUE("grad: the checkpoint is applied", ccad_checkpoint_steps() > 0);
    CHECK_CLOSE("grad: value", fg, f, 0, 0);
    CHECK_VEC_CLOSE("grad: u as the primal left it", ug, u, N, 0, 0);
    CHECK_VEC_CLOSE("grad: s as the primal left it", sg, s, N, 0, 0);
    oracle_fd_grad(run_flat, NULL, N + 1, x, fd);
    CHECK_VEC_CLOSE("grad vs central differences", g, fd, N + 1, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    /* grad of the jvp: a Hessian-vector product */
    double uj[N], udj[N], sj[N] = {0}, rd;
    memcpy(uj, x, sizeof uj);
    memcpy(udj, V, sizeof udj);
    double fj = run_jvp(uj, udj, sj, N, x[N], V[N], &rd);
    double uh[N], udh[N], sh[N] = {0}, hv[N + 1], rdh;
    memcpy(uh, x, sizeof uh);
    memcpy(udh, V, sizeof udh);
    ccad_checkpoint_reset_counts();
    double fh = run_jvp_grad(uh, hv, udh, sh, N, x[N], &hv[N], V[N], &rdh);
    CHECK_TRUE("grad(jvp): the checkpoint is applied", ccad_checkpoint_steps() > 0);
    CHECK_CLOSE("grad(jvp): value", fh, fj, 0, 0);
    CHECK_CLOSE("grad(jvp): ret_dot", rdh, rd, 0, 0);
    CHECK_VEC_CLOSE("grad(jvp): u as the primal left it", uh, uj, N, 0, 0);
    CHECK_VEC_CLOSE("grad(jvp): u_dot as the primal left it", udh, udj, N, 0, 0);
    CHECK_VEC_CLOSE("grad(jvp): s as the primal left it", sh, sj, N, 0, 0);
    oracle_fd_grad(run_jvp_flat, NULL, N + 1, x, fd);
    CHECK_VEC_CLOSE("grad(jvp) vs central differences of ret_dot", hv, fd, N + 1, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    return oracle_result();
}
