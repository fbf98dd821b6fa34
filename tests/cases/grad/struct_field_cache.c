/*
** grad/struct_field_cache: a write-only cache behind a struct's pointer
** field (a network struct keeping its activations, genann/llm.c style:
** net->act[i] = a, never read back) needs no clause, as the same cache
** through a plain pointer parameter does (fwd2): nothing that flows into
** the output is read from it, so no derivative storage is needed. By
** pointer (fwd) and by value (fwd3), for grad and jvp. Before, only the
** memory one level below a pointer parameter could be such a cache, and
** fwd and fwd3 were refused with advice that did not work either
** (scratch(net[n]), or net[n] for a struct passed by value).
** Oracles: central differences of the functions; the caches must hold
** what the primal stores (tanh of the weights) after every call.
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Net { int n; double *act; double scale; } Net;

double fwd(const double *w, Net *net)
{
    double s = 0.0;
    for (int i = 0; i < net->n; i++) {
        double a = tanh(w[i]);
        net->act[i] = a;            /* a cache: stored, never read back */
        s += a * net->scale;
    }
    return s * s;
}

double fwd2(const double *w, double *act, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double a = tanh(w[i]);
        act[i] = a;
        s += a;
    }
    return s * s;
}

double fwd3(const double *w, Net net)
{
    double s = 0.0;
    for (int i = 0; i < net.n; i++) {
        double a = tanh(w[i]);
        net.act[i] = a;
        s += a;
    }
    return s * s;
}

#pragma ad grad(fwd) wrt(w[net->n])
#pragma ad grad(fwd2) wrt(w[n])
#pragma ad grad(fwd3) wrt(w[net.n])
#pragma ad jvp(fwd) wrt(w[net->n])

#include "struct_field_cache.ad.h"

enum { N = 6 };
static double ACT[N];

static void f_fwd(void *ctx, const double *w, double *y)
{
    Net net = {N, ACT, *(const double *)ctx};
    y[0] = fwd(w, &net);
}

static void f_fwd2(void *ctx, const double *w, double *y)
{
    (void)ctx;
    y[0] = fwd2(w, ACT, N);
}

static void f_fwd3(void *ctx, const double *w, double *y)
{
    (void)ctx;
    Net net = {N, ACT, 0.0};
    y[0] = fwd3(w, net);
}

static void check_cache(const char *label, const double *w)
{
    double want[N];
    for (int i = 0; i < N; i++) want[i] = tanh(w[i]);
    CHECK_VEC_CLOSE(label, ACT, want, N, 1e-15, 0.0);
}

int main(void)
{
    double w[N] = {0.3, -1.1, 0.8, 0.2, -0.4, 0.9}, g[N], fd[N], scale = 0.7;
    Net net = {N, ACT, scale};

    for (int i = 0; i < N; i++) ACT[i] = -5.0;
    double y = fwd_grad(w, g, &net);
    check_cache("fwd_grad leaves the cache filled", w);
    oracle_fd_grad(f_fwd, &scale, N, w, fd);
    CHECK_CLOSE("fwd_grad value", y, fwd(w, &net), 1e-15, 0.0);
    CHECK_VEC_CLOSE("fwd grad vs central differences", g, fd, N, 1e-6, 1e-9);

    double v[N] = {1, -0.5, 0.25, 2, 1, -1}, ydot, dot = 0.0;
    for (int i = 0; i < N; i++) ACT[i] = -5.0;
    fwd_jvp(w, v, &net, &ydot);
    check_cache("fwd_jvp leaves the cache filled", w);
    for (int i = 0; i < N; i++) dot += g[i] * v[i];
    CHECK_CLOSE("fwd <grad, v> = jvp(v)", dot, ydot, 1e-12, 1e-15);

    for (int i = 0; i < N; i++) ACT[i] = -5.0;
    fwd2_grad(w, g, ACT, N);
    check_cache("fwd2_grad leaves the cache filled", w);
    oracle_fd_grad(f_fwd2, NULL, N, w, fd);
    CHECK_VEC_CLOSE("fwd2 grad vs central differences", g, fd, N, 1e-6, 1e-9);

    for (int i = 0; i < N; i++) ACT[i] = -5.0;
    fwd3_grad(w, g, net);
    check_cache("fwd3_grad leaves the cache filled", w);
    oracle_fd_grad(f_fwd3, NULL, N, w, fd);
    CHECK_VEC_CLOSE("fwd3 grad vs central differences", g, fd, N, 1e-6, 1e-9);

    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
