/*
** jac/ckpt_nested_newton: implicit Euler for a stiff 3-species system, with
** checkpoints nested three deep, differentiated in grad, vjp, hvp, hessian,
** jacrev and jvp(grad):
**   the time loop `for (;;)` with a break at the end time: checkpoint(snapshots=2);
**   inside it a call checkpoint on the per-step solver `solve_step(u + 0, ...)`;
**   inside that a Newton `while` loop (data-dependent trip count: stop on the
**   residual) under checkpoint(snapshots=3), and a `do { } while` damping loop;
**   a `switch` on the species index in the residual, a `goto` out of the
**   Newton loop on convergence.
** Oracles: central differences of the loss (ORACLE_RTOL_FD; Newton is solved
** to 1e-14 so its iterates' derivative and the implicit one agree far below
** that), the dot-product test between jvp-free pieces (vjp against jacrev rows,
** 1e-12), hessian against differences of grad (1e-5), hvp = H v and
** jvp(loss_grad) = H v (1e-10).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define NS 3

static double rate(int s, const double *u, const double *k)
{
    switch (s) {
    case 0: return -k[0] * u[0] + k[1] * u[1] * u[2];
    case 1: return k[0] * u[0] - k[1] * u[1] * u[2] - k[2] * u[1] * u[1];
    default: return k[2] * u[1] * u[1];
    }
}

/* one implicit Euler step u <- u + h f(u_new), Newton on the diagonal */
static int solve_step(double *u, const double *k, double h)
{
    double un[NS], r[NS];
    memcpy(un, u, sizeof un);
    int it = 0;
    double res = 1;
#pragma ad checkpoint(snapshots=3)
    while (it < 60) {
        res = 0;
        for (int s = 0; s < NS; s++) {
            r[s] = un[s] - u[s] - h * rate(s, un, k);
            res += r[s] * r[s];
        }
        if (res < 1e-28) goto done;
        double damp = 1.0;
        int tries = 0;
        do {
            damp *= 0.5;
            tries++;
        } while (tries < 1);
        for (int s = 0; s < NS; s++) {
            double diag = 1.0 + h * (s == 0 ? k[0] : s == 1 ? k[1] * un[2] + 2 * k[2] * un[1] : 0.0);
            un[s] -= 2 * damp * r[s] / diag;
        }
        it++;
    }
done:
    memcpy(u, un, sizeof un);
    return it;
}

double loss(const double *u0, const double *k, double h, int nsteps)
{
    double u[NS];
    memcpy(u, u0, sizeof u);
    int t = 0, iters = 0;
    double acc = 0;
#pragma ad checkpoint(snapshots=2)
    for (;;) {
        if (t == nsteps) break;
#pragma ad checkpoint
        iters += solve_step(u + 0, k, h);
        acc += u[0] * u[2];
        t++;
    }
    (void)iters;
    return acc + u[1] * u[1] + log(u[2] + 1.0);
}

void final_state(const double *u0, const double *k, double *uT, int nsteps)
{
    memcpy(uT, u0, NS * sizeof *uT);
    for (int t = 0; t < nsteps; t++)
        solve_step(uT, k, 0.1);
}

#pragma ad grad(loss) wrt(u0[3], k[3])
#pragma ad hvp(loss) wrt(u0[3], k[3])
#pragma ad hessian(loss) wrt(u0[3], k[3])
#pragma ad jvp(loss_grad) wrt(u0[3], k[3]) out(u0_bar[3], k_bar[3])
#pragma ad vjp(final_state) wrt(u0[3], k[3]) out(uT[3])
#pragma ad jacrev(final_state) wrt(u0[3], k[3]) out(uT[3])

#include "ckpt_nested_newton.ad.h"

#define NI 6
#define STEPS 5
#define H 0.1

static void loss_flat(void *c, const double *z, double *y) { (void)c; y[0] = loss(z, z + 3, H, STEPS); }
static void grad_flat(void *c, const double *z, double *g) { (void)c; loss_grad(z, g, z + 3, g + 3, H, STEPS); }
static void fs_flat(void *c, const double *z, double *y) { (void)c; final_state(z, z + 3, y, STEPS); }

int main(void)
{
    double z[NI] = {1.0, 0.2, 0.1, 0.9, 1.3, 0.6}, v[NI] = {0.3, -0.7, 0.2, 0.5, -0.4, 0.9};
    double g[NI], gfd[NI], f0 = loss(z, z + 3, H, STEPS);
    double fg = loss_grad(z, g, z + 3, g + 3, H, STEPS);
    CHECK_CLOSE("grad primal", fg, f0, 0, 0);
    oracle_fd_grad(loss_flat, NULL, NI, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, NI, ORACLE_RTOL_FD, oracle_fd_atol(f0));

    double Hm[NI * NI], Hfd[NI * NI], Hv[NI], hv[NI], gb[NI], gd[NI];
    loss_hessian(z, z + 3, H, STEPS, Hm);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[NI];
        e[j] = 1;
        oracle_fd_jvp(grad_flat, NULL, NI, NI, z, e, col);
        for (int i = 0; i < NI; i++) Hfd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("hessian vs fd(grad)", Hm, Hfd, NI * NI, 1e-5, 1e-7);
    for (int i = 0; i < NI; i++) {
        Hv[i] = 0;
        for (int j = 0; j < NI; j++) Hv[i] += Hm[i * NI + j] * v[j];
    }
    loss_hvp(z, v, hv, z + 3, v + 3, hv + 3, H, STEPS);
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, NI, 1e-10, 1e-12);
    loss_grad_jvp(z, v, gb, gd, z + 3, v + 3, gb + 3, gd + 3, H, STEPS);
    CHECK_VEC_CLOSE("jvp(grad) = H v", gd, Hv, NI, 1e-10, 1e-12);

    double J[NS * NI], Jfd[NS * NI], uT[NS], ub[NI], seed[NS] = {0.4, -1.2, 0.8}, s2[NS];
    final_state_jacrev(z, z + 3, uT, STEPS, J);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[NS];
        e[j] = 1;
        oracle_fd_jvp(fs_flat, NULL, NI, NS, z, e, col);
        for (int i = 0; i < NS; i++) Jfd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("jacrev vs fd", J, Jfd, NS * NI, ORACLE_RTOL_FD, oracle_fd_atol(1));
    memset(ub, 0, sizeof ub);
    memcpy(s2, seed, sizeof s2);
    final_state_vjp(z, ub, z + 3, ub + 3, uT, s2, STEPS);
    double want[NI];
    for (int j = 0; j < NI; j++) {
        want[j] = 0;
        for (int i = 0; i < NS; i++) want[j] += seed[i] * J[i * NI + j];
    }
    CHECK_VEC_CLOSE("vjp = seed^T J", ub, want, NI, 1e-12, 1e-14);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
