/*
** jac/jvp_hvp_scalar_out: memory a call only writes needs no clause. The
** jvp of a generated f_hvp with a scalar input s: f_hvp passes s_hv (a
** pure output the caller does not read) to its sweep, which stores the
** Hessian-vector product's s part there; nothing read from it reaches
** x_hv, so jvp(f_hvp) wrt(x[n]) out(x_hv[n]) needs no clause for it, as
** jvp(f_grad) needs none for s_bar. The same for a user's helper that
** fills a cache (h: fill(x, cache, n)), grad and jvp. Before, any memory
** passed to a call was taken as read into the outputs, and both were
** refused (advising s_hv[n], a size the one element s_hv points to does
** not have).
** Oracles: central differences of f_hvp and f_grad in x along a direction
** (third and second derivatives of f), of h; s_hv and the cache must hold
** what the primal stores.
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

double f(const double *x, double s, int n)
{
    double r = 0.0;
    for (int i = 0; i < n; i++)
        r += s * x[i] * x[i] * x[i];
    return sin(r * s);
}

static void fill(const double *x, double *c, int n)
{
    for (int i = 0; i < n; i++)
        c[i] = tanh(x[i]);
}

double h(const double *x, double *cache, int n)
{
    fill(x, cache, n);              /* a cache: stored, never read back */
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += sin(x[i]) * x[i];
    return s;
}

#pragma ad hvp(f) wrt(x[n], s)
#pragma ad jvp(f_hvp) wrt(x[n]) out(x_hv[n])
#pragma ad grad(f) wrt(x[n], s)
#pragma ad jvp(f_grad) wrt(x[n]) out(x_bar[n])
#pragma ad grad(h) wrt(x[n])
#pragma ad jvp(h) wrt(x[n])

#include "jvp_hvp_scalar_out.ad.h"

enum { N = 4 };
static const double S = 0.8, SV = -0.6;
static const double XV[N] = {0.5, -1.0, 0.3, 0.7};
static double CACHE[N];

static void f_x_hv(void *ctx, const double *x, double *y)
{
    (void)ctx;
    double s_hv;
    f_hvp(x, XV, y, S, SV, &s_hv, N);
}

static void f_x_bar(void *ctx, const double *x, double *y)
{
    (void)ctx;
    double s_bar;
    f_grad(x, y, S, &s_bar, N);
}

static void f_h(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = h(x, CACHE, N);
}

int main(void)
{
    double x[N] = {0.4, -0.3, 0.9, 0.2}, xd[N] = {1.0, 0.5, -0.25, 2.0};
    double x_hv[N], x_hv_dot[N], fd[N], s_hv = -7.0, s_hv_want, want_hv[N];

    f_hvp_jvp(x, xd, XV, x_hv, x_hv_dot, S, SV, &s_hv, N);
    f_hvp(x, XV, want_hv, S, SV, &s_hv_want, N);
    CHECK_VEC_CLOSE("f_hvp_jvp's x_hv = f_hvp's", x_hv, want_hv, N, 1e-14, 1e-15);
    CHECK_CLOSE("f_hvp_jvp's s_hv = f_hvp's", s_hv, s_hv_want, 1e-14, 1e-15);
    oracle_fd_jvp(f_x_hv, NULL, N, N, x, xd, fd);
    CHECK_VEC_CLOSE("jvp(f_hvp) vs central differences", x_hv_dot, fd, N, 1e-6, 1e-8);

    double x_bar[N], x_bar_dot[N], s_bar = -7.0, s_bar_want, want_bar[N];
    f_grad_jvp(x, xd, x_bar, x_bar_dot, S, &s_bar, N);
    f_grad(x, want_bar, S, &s_bar_want, N);
    CHECK_CLOSE("f_grad_jvp's s_bar = f_grad's", s_bar, s_bar_want, 1e-14, 1e-15);
    oracle_fd_jvp(f_x_bar, NULL, N, N, x, xd, fd);
    CHECK_VEC_CLOSE("jvp(f_grad) vs central differences", x_bar_dot, fd, N, 1e-6, 1e-8);

    double g[N], tanh_x[N], hd, dot = 0.0;
    for (int i = 0; i < N; i++) CACHE[i] = -5.0, tanh_x[i] = tanh(x[i]);
    h_grad(x, g, CACHE, N);
    CHECK_VEC_CLOSE("h_grad leaves the cache filled", CACHE, tanh_x, N, 1e-15, 0.0);
    oracle_fd_grad(f_h, NULL, N, x, fd);
    CHECK_VEC_CLOSE("h grad vs central differences", g, fd, N, 1e-6, 1e-9);
    for (int i = 0; i < N; i++) CACHE[i] = -5.0;
    h_jvp(x, xd, CACHE, N, &hd);
    CHECK_VEC_CLOSE("h_jvp leaves the cache filled", CACHE, tanh_x, N, 1e-15, 0.0);
    for (int i = 0; i < N; i++) dot += g[i] * xd[i];
    CHECK_CLOSE("h <grad, v> = jvp(v)", dot, hd, 1e-12, 1e-15);

    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
