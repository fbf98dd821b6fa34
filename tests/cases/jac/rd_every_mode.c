// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/rd_every_mode: one realistic reaction-diffusion stepper differentiated in
** every mode an acceptance program would try on it (jvp, vjp, jacfwd, jacrev of
** the state map; grad, hessian, hvp of a loss over it; vmap(grad(loss)),
** jvp(loss_grad)). The stepper has: ghost cells filled 1-based, a flux helper
** called with two pointers into one buffer (flux(u + i - 1, u + i, ...)), a
** static axpy called at two sites with different buffers, a `continue` in the
** reaction loop, an early return in a helper, a checkpointed while loop
** (snapshots=2) with a data-dependent break that does not fire at these inputs.
** Oracles: central differences of the primal (ORACLE_RTOL_FD), the
** dot-product test jvp/vjp (1e-12), jacfwd = jacrev (1e-12), the Hessian
** against differences of the gradient, hvp = H v, the batched gradient
** bitwise against the unbatched one.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 6
#define NW 3
#define STEPS 7

static double flux(const double *a, const double *b, double D)
{
    double d = b[0] - a[0];
    return D * d * (1.0 + 0.1 * a[0] * b[0]);
}

static double react(double u, double k)
{
    if (u < -50.0) return 0.0;   /* early return, not taken */
    return k * u * (1.0 - u * u / 4.0);
}

static void axpy(double *y, const double *x, double a, int n)
{
    for (int i = 0; i < n; i++) y[i] += a * x[i];
}

void rd(const double *x, const double *w, double *y, int n, int steps)
{
    double u[N + 2], du[N + 2], acc[N];
    memset(acc, 0, sizeof acc);
    for (int i = 1; i <= n; i++) u[i] = x[i - 1];
    int t = 0;
#pragma ad checkpoint(snapshots=2)
    while (t < steps) {
        u[0] = u[1];
        u[n + 1] = u[n];
        double mx = 0;
        for (int i = 1; i <= n; i++) {
            du[i] = flux(u + i, u + i + 1, w[0]) - flux(u + i - 1, u + i, w[0]);
            mx = fmax(mx, fabs(u[i]));
        }
        if (mx > 100.0) break;
        for (int i = 1; i <= n; i++) {
            if (i % 3 == 0) continue;
            du[i] += react(u[i], w[1]);
        }
        axpy(u + 1, du + 1, w[2], n);
        axpy(acc, u + 1, 0.5, n);
        t++;
    }
    for (int i = 0; i < n; i++) y[i] = u[i + 1] + 0.1 * acc[i];
}

double loss(const double *x, const double *w, int n, int steps)
{
    double y[N];
    rd(x, w, y, n, steps);
    double s = 0;
    for (int i = 0; i < n; i++) s += (i + 1) * y[i] * y[i] + sin(y[i]);
    return s;
}

#pragma ad jvp(rd) wrt(x[n], w[3]) out(y[n])
#pragma ad vjp(rd) wrt(x[n], w[3]) out(y[n])
#pragma ad jacfwd(rd) wrt(x[n], w[3]) out(y[n])
#pragma ad jacrev(rd) wrt(x[n], w[3]) out(y[n])
#pragma ad grad(loss) wrt(x[n], w[3])
#pragma ad hessian(loss) wrt(x[n], w[3])
#pragma ad hvp(loss) wrt(x[n], w[3])
#pragma ad jvp(loss_grad) wrt(x[n], w[3]) out(x_bar[n], w_bar[3])
#pragma ad vmap(grad(loss)) wrt(x[n], w[3]) batch(x[n], x_bar[n], w_bar[3])

#include "rd_every_mode.ad.h"

#define NI (N + NW)

static void rd_flat(void *ctx, const double *z, double *y)
{
    (void)ctx;
    rd(z, z + N, y, N, STEPS);
}

static void loss_flat(void *ctx, const double *z, double *y)
{
    (void)ctx;
    y[0] = loss(z, z + N, N, STEPS);
}

static void grad_flat(void *ctx, const double *z, double *g)
{
    (void)ctx;
    loss_grad(z, g, z + N, g + N, N, STEPS);
}

int main(void)
{
    OracleRng r = oracle_rng(21);
    double z[NI], v[NI], wb[N], y[N], y2[N], yd[N], fd[N * NI];
    oracle_fill_uniform(&r, z, N, -0.8, 0.8);
    z[N] = 0.3; z[N + 1] = 0.7; z[N + 2] = 0.05;
    oracle_fill_uniform(&r, v, NI, -1, 1);
    oracle_fill_uniform(&r, wb, N, -1, 1);

    /* jvp against differences, primal unchanged */
    rd(z, z + N, y, N, STEPS);
    rd_jvp(z, v, z + N, v + N, y2, yd, N, STEPS);
    CHECK_VEC_CLOSE("jvp primal", y2, y, N, 0, 0);
    double fdd[N];
    oracle_fd_jvp(rd_flat, NULL, NI, N, z, v, fdd);
    CHECK_VEC_CLOSE("jvp vs fd", yd, fdd, N, ORACLE_RTOL_FD, oracle_fd_atol(1));

    /* vjp: accumulate into preloaded bars, seed zeroed */
    double xb[N], wbb[NW], seed[N];
    for (int i = 0; i < N; i++) xb[i] = 1.0;
    for (int i = 0; i < NW; i++) wbb[i] = 2.0;
    memcpy(seed, wb, sizeof seed);
    rd_vjp(z, xb, z + N, wbb, y2, seed, N, STEPS);
    for (int i = 0; i < N; i++) xb[i] -= 1.0;
    for (int i = 0; i < NW; i++) wbb[i] -= 2.0;
    double lhs = oracle_dot(yd, wb, N);
    double rhs = oracle_dot(v, xb, N) + oracle_dot(v + N, wbb, NW);
    CHECK_CLOSE("dot jvp/vjp", lhs, rhs, 1e-12, 1e-14);
    double z0[N] = {0};
    CHECK_VEC_CLOSE("vjp seed zeroed", seed, z0, N, 0, 0);

    /* jacobians */
    double Jf[N * NI], Jr[N * NI];
    rd_jacfwd(z, z + N, y2, N, STEPS, Jf);
    rd_jacrev(z, z + N, y2, N, STEPS, Jr);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, N * NI, 1e-12, 1e-14);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[N];
        e[j] = 1;
        oracle_fd_jvp(rd_flat, NULL, NI, N, z, e, col);
        for (int i = 0; i < N; i++) fd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("jacfwd vs fd", Jf, fd, N * NI, ORACLE_RTOL_FD, oracle_fd_atol(1));

    /* grad */
    double g[NI], gfd[NI];
    double f0 = loss(z, z + N, N, STEPS);
    double fg = loss_grad(z, g, z + N, g + N, N, STEPS);
    CHECK_CLOSE("grad primal", fg, f0, 0, 0);
    oracle_fd_grad(loss_flat, NULL, NI, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, NI, ORACLE_RTOL_FD, oracle_fd_atol(f0));

    /* hessian vs differences of the gradient; hvp = H v; jvp(loss_grad) = H v */
    double H[NI * NI], Hfd[NI * NI];
    loss_hessian(z, z + N, N, STEPS, H);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[NI];
        e[j] = 1;
        oracle_fd_jvp(grad_flat, NULL, NI, NI, z, e, col);
        for (int i = 0; i < NI; i++) Hfd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("hessian vs fd(grad)", H, Hfd, NI * NI, 1e-5, 1e-7);
    double Hv[NI], hv[NI];
    for (int i = 0; i < NI; i++) {
        Hv[i] = 0;
        for (int j = 0; j < NI; j++) Hv[i] += H[i * NI + j] * v[j];
    }
    loss_hvp(z, v, hv, z + N, v + N, hv + N, N, STEPS);
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, NI, 1e-11, 1e-12);
    double gb[NI], gd[NI];
    loss_grad_jvp(z, v, gb, gd, z + N, v + N, gb + N, gd + N, N, STEPS);
    CHECK_VEC_CLOSE("jvp(grad) = H v", gd, Hv, NI, 1e-11, 1e-12);
    CHECK_VEC_CLOSE("jvp(grad) primal", gb, g, NI, 1e-14, 0);

    /* vmap(grad(loss)): 5 elements, each against loss_grad */
    enum { B = 5 };
    double xs[B * N], xbs[B * N], rets[B];
    oracle_fill_uniform(&r, xs, B * N, -0.8, 0.8);
    double wsh[NW] = {0.3, 0.7, 0.05}, wbsh[B * NW];
    loss_grad_vmap(B, xs, xbs, wsh, wbsh, N, STEPS, rets);
    for (int b = 0; b < B; b++) {
        double gx[N], gw[NW];
        double fb = loss_grad(xs + b * N, gx, wsh, gw, N, STEPS);
        CHECK_CLOSE("vmap value", rets[b], fb, 0, 0);
        CHECK_VEC_CLOSE("vmap x_bar", xbs + b * N, gx, N, 0, 0);
        CHECK_VEC_CLOSE("vmap w_bar", wbsh + b * NW, gw, NW, 0, 0);
    }
    return oracle_result();
}
