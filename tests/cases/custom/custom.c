/*
** custom/custom: hand-written derivatives replace differentiation.
** softplus(x) = log(1 + exp(x)) is given custom_jvp and custom_vjp that
** use the stable form sigmoid(x) = 1 / (1 + exp(-x)) and count their
** calls; a function calling it is differentiated both ways. Oracles:
** central differences, the dot product <jvp(v), w> = <v, vjp(w)>, and the
** counters (the hand-written functions, not generated ones, ran).
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

static int njvp, nvjp;

double softplus(double x) { return log1p(exp(x)); }

/* the signatures jvp(softplus) and vjp(softplus) would have */
double my_softplus_jvp(double x, double x_dot, double *ret_dot)
{
    njvp++;
    *ret_dot = x_dot / (1.0 + exp(-x));
    return softplus(x);
}

double my_softplus_vjp(double x, double *x_bar, double ret_bar)
{
    nvjp++;
    *x_bar += ret_bar / (1.0 + exp(-x));
    return softplus(x);
}

#pragma ad custom_jvp(softplus, my_softplus_jvp)
#pragma ad custom_vjp(softplus, my_softplus_vjp)

double loss(const double *w, const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += softplus(w[i] * x[i]) * x[i];
    return s;
}

#pragma ad jvp(loss) wrt(w[n])
#pragma ad grad(loss) wrt(w[n])

#include "custom.ad.h"

enum { N = 6 };
static const double X[N] = {0.3, -1.2, 2.0, 0.7, -0.4, 1.5};

static void f_flat(void *ctx, const double *in, double *y)
{
    (void)ctx;
    y[0] = loss(in, X, N);
}

int main(void)
{
    double w[N] = {0.5, 0.25, -0.75, 1.0, 2.0, -1.5}, v[N] = {1, -1, 0.5, 0.25, -0.5, 2}, g[N], ydot;
    double y = loss_jvp(w, v, X, N, &ydot);
    CHECK_CLOSE("loss_jvp value", y, loss(w, X, N), 1e-15, 0.0);
    CHECK_TRUE("custom jvp ran once per element", njvp == N);
    double y2 = loss_grad(w, g, X, N);
    CHECK_CLOSE("loss_grad value", y2, y, 1e-15, 0.0);
    CHECK_TRUE("custom vjp ran once per element", nvjp == N);
    double dot = 0.0;
    for (int i = 0; i < N; i++) dot += g[i] * v[i];
    CHECK_CLOSE("<grad, v> = jvp(v)", dot, ydot, 1e-12, 0.0);
    double fd[N];
    oracle_fd_grad(f_flat, NULL, N, w, fd);
    CHECK_VEC_CLOSE("grad vs central differences", g, fd, N, 1e-6, 1e-9);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
