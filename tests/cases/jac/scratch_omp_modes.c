// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/scratch_omp_modes: a caller-provided workspace `work[2n]` (scratch:
** neither input nor output, but carrying active values between the stages
** of f) written by a `parallel for` and read back by another through a
** helper that gets `work + n` (an offset into the scratch), in jvp, vjp,
** grad, jacfwd, jacrev, hessian, hvp and vmap(grad) (work batched). The
** scratch's final contents must be what the primal leaves there in every
** mode. Oracles: central differences (ORACLE_RTOL_FD), jacfwd = jacrev
** (1e-12), hessian vs differences of grad, hvp = H v, the dot test, the
** batched gradient bitwise against the unbatched one.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 6

static double tail(const double *w, const double *x, int n)
{
    double s = 0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++) s += w[i] * x[(i + 1) % n];
    return s;
}

void stage(const double *x, const double *a, double *work, double *y, int n)
{
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        work[i] = sin(x[i]) * a[0];
        work[n + i] = work[i] * work[i] + a[1] * x[i];
    }
    double t = tail(work + n, x, n);
#pragma omp parallel for
    for (int i = 0; i < n; i++) y[i] = work[i] * t + work[n + (i + 2) % n];
}

double loss(const double *x, const double *a, double *work, int n)
{
    double y[N];
    stage(x, a, work, y, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += y[i] * y[i];
    return s + work[0];
}

#pragma ad jvp(stage) wrt(x[n], a[2]) out(y[n]) scratch(work[2*n])
#pragma ad vjp(stage) wrt(x[n], a[2]) out(y[n]) scratch(work[2*n])
#pragma ad jacfwd(stage) wrt(x[n], a[2]) out(y[n]) scratch(work[2*n])
#pragma ad jacrev(stage) wrt(x[n], a[2]) out(y[n]) scratch(work[2*n])
#pragma ad grad(loss) wrt(x[n], a[2]) scratch(work[2*n])
#pragma ad hessian(loss) wrt(x[n], a[2]) scratch(work[2*n])
#pragma ad hvp(loss) wrt(x[n], a[2]) scratch(work[2*n])
#pragma ad vmap(loss_grad) batch(x[n], x_bar[n], a_bar[2], work[2*n])

#include "scratch_omp_modes.ad.h"

#define NI (N + 2)

static void stage_flat(void *c, const double *z, double *y)
{
    (void)c;
    double w[2 * N];
    stage(z, z + N, w, y, N);
}
static void loss_flat(void *c, const double *z, double *y)
{
    (void)c;
    double w[2 * N];
    y[0] = loss(z, z + N, w, N);
}
static void grad_flat(void *c, const double *z, double *g)
{
    (void)c;
    double w[2 * N];
    loss_grad(z, g, z + N, g + N, w, N);
}

int main(void)
{
    OracleRng r = oracle_rng(66);
    double z[NI], v[NI], w0[2 * N], w1[2 * N], y[N], y2[N], yd[N], fdd[N];
    oracle_fill_uniform(&r, z, NI, -1, 1);
    oracle_fill_uniform(&r, v, NI, -1, 1);

    stage(z, z + N, w0, y, N);
    memset(w1, 0, sizeof w1);
    stage_jvp(z, v, z + N, v + N, w1, y2, yd, N);
    CHECK_VEC_CLOSE("jvp primal", y2, y, N, 1e-14, 0);
    CHECK_VEC_CLOSE("jvp leaves work", w1, w0, 2 * N, 1e-14, 0);
    oracle_fd_jvp(stage_flat, NULL, NI, N, z, v, fdd);
    CHECK_VEC_CLOSE("jvp vs fd", yd, fdd, N, ORACLE_RTOL_FD, oracle_fd_atol(1));
    double wt[N], ws[N], zb[NI] = {0};
    oracle_fill_uniform(&r, wt, N, -1, 1);
    memcpy(ws, wt, sizeof ws);
    memset(w1, 0, sizeof w1);
    stage_vjp(z, zb, z + N, zb + N, w1, y2, ws, N);
    CHECK_VEC_CLOSE("vjp leaves work", w1, w0, 2 * N, 1e-14, 0);
    CHECK_CLOSE("dot", oracle_dot(yd, wt, N), oracle_dot(v, zb, NI), 1e-12, 1e-14);
    double Jf[N * NI], Jr[N * NI], Jfd[N * NI];
    stage_jacfwd(z, z + N, w1, y2, N, Jf);
    stage_jacrev(z, z + N, w1, y2, N, Jr);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, N * NI, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jacrev leaves work", w1, w0, 2 * N, 1e-14, 0);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[N];
        e[j] = 1;
        oracle_fd_jvp(stage_flat, NULL, NI, N, z, e, col);
        for (int i = 0; i < N; i++) Jfd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("jacfwd vs fd", Jf, Jfd, N * NI, ORACLE_RTOL_FD, oracle_fd_atol(1));

    double g[NI], gfd[NI], f0 = loss(z, z + N, w0, N);
    double fg = loss_grad(z, g, z + N, g + N, w1, N);
    CHECK_CLOSE("grad primal", fg, f0, 1e-14, 0);
    CHECK_VEC_CLOSE("grad leaves work", w1, w0, 2 * N, 1e-14, 0);
    oracle_fd_grad(loss_flat, NULL, NI, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, NI, ORACLE_RTOL_FD, oracle_fd_atol(f0));
    double H[NI * NI], Hfd[NI * NI], Hv[NI], hv[NI];
    loss_hessian(z, z + N, w1, N, H);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[NI];
        e[j] = 1;
        oracle_fd_jvp(grad_flat, NULL, NI, NI, z, e, col);
        for (int i = 0; i < NI; i++) Hfd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("hessian vs fd(grad)", H, Hfd, NI * NI, 1e-5, 1e-7);
    for (int i = 0; i < NI; i++) {
        Hv[i] = 0;
        for (int j = 0; j < NI; j++) Hv[i] += H[i * NI + j] * v[j];
    }
    loss_hvp(z, v, hv, z + N, v + N, hv + N, w1, N);
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, NI, 1e-11, 1e-12);

    enum { B = 3 };
    double xs[B * N], xbs[B * N], abs_[B * 2], works[B * 2 * N], rets[B];
    oracle_fill_uniform(&r, xs, B * N, -1, 1);
    loss_grad_vmap(B, xs, xbs, z + N, abs_, works, N, rets);
    for (int b = 0; b < B; b++) {
        double gx[N], ga[2], wk[2 * N];
        double fb = loss_grad(xs + b * N, gx, z + N, ga, wk, N);
        /* tail's reduction adds in the team's order: 1e-13, not bitwise */
        CHECK_CLOSE("vmap value", rets[b], fb, 1e-13, 0);
        CHECK_VEC_CLOSE("vmap x_bar", xbs + b * N, gx, N, 1e-13, 1e-15);
        CHECK_VEC_CLOSE("vmap a_bar", abs_ + b * 2, ga, 2, 1e-13, 1e-15);
        CHECK_VEC_CLOSE("vmap work", works + b * 2 * N, wk, 2 * N, 1e-13, 1e-15);
    }
    return oracle_result();
}
