/*
** jac/ptr_return_modes: helpers returning pointers in every mode (jvp, vjp,
** grad, jacfwd, jacrev, hessian, hvp): one of two buffers chosen by a
** data-dependent test (`return u[0] > w[0] ? u : w`), the slot of a struct's
** array field (`return &st->slot[k]`, k clamped), the element after the
** smallest found by a loop, each then written through (`*p += ..`, `p[1] *=
** ..`) and read back; the returned pointer is also passed on to another
** helper as an offset (`smooth(sel(..) + 1, 3)`).
** Oracles: central differences of the primal (ORACLE_RTOL_FD; the tests the
** helpers make do not flip within the step), jacfwd = jacrev (1e-12), the
** hessian against differences of the gradient, hvp = H v, the dot test.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 5

typedef struct { double slot[4]; int used; } Bank;

static double *sel(double *u, double *w) { return u[0] > w[0] ? u : w; }

static double *slot_of(Bank *st, int k)
{
    if (k >= st->used) k = st->used - 1;
    return &st->slot[k];
}

static double *after_min(double *a, int n)
{
    int m = 0;
    for (int i = 1; i < n - 1; i++)
        if (a[i] < a[m]) m = i;
    return a + m + 1;
}

static void smooth(double *p, int n)
{
    for (int i = 1; i < n; i++) p[i] = 0.5 * (p[i] + p[i - 1] * p[i - 1]);
}

void model(const double *x, double *y)
{
    double u[N], w[N];
    Bank b;
    b.used = 3;
    for (int i = 0; i < N; i++) {
        u[i] = sin(x[i]) + 0.1 * i;
        w[i] = x[(i + 2) % N] * x[i];
    }
    for (int k = 0; k < 4; k++) b.slot[k] = x[k] * (k + 1);
    double *p = sel(u, w);
    *p += x[4] * x[4];
    p[1] *= cos(x[3]);
    smooth(sel(w, u) + 1, 3);
    double *q = slot_of(&b, 5);        /* clamped to slot[2] */
    *q = *q * *q + u[1];
    double *r = after_min(w, N);
    *r = exp(0.3 * *r) - u[0];
    for (int i = 0; i < N; i++) y[i] = u[i] * w[(i + 1) % N] + b.slot[i % 4];
}

double obj(const double *x)
{
    double y[N];
    model(x, y);
    double s = 0;
    for (int i = 0; i < N; i++) s += y[i] * y[i] / (1.0 + i);
    return s;
}

#pragma ad jvp(model) wrt(x[5]) out(y[5])
#pragma ad vjp(model) wrt(x[5]) out(y[5])
#pragma ad jacfwd(model) wrt(x[5]) out(y[5])
#pragma ad jacrev(model) wrt(x[5]) out(y[5])
#pragma ad grad(obj) wrt(x[5])
#pragma ad hessian(obj) wrt(x[5])
#pragma ad hvp(obj) wrt(x[5])

#include "ptr_return_modes.ad.h"

static void model_flat(void *c, const double *x, double *y) { (void)c; model(x, y); }
static void obj_flat(void *c, const double *x, double *y) { (void)c; y[0] = obj(x); }
static void grad_flat(void *c, const double *x, double *g) { (void)c; obj_grad(x, g); }

int main(void)
{
    double x[N] = {0.4, -0.3, 0.9, 0.2, -0.7}, v[N] = {0.5, -1.0, 0.3, 0.8, -0.2};
    double y[N], y2[N], yd[N], fdd[N];
    model(x, y);
    model_jvp(x, v, y2, yd);
    CHECK_VEC_CLOSE("jvp primal", y2, y, N, 0, 0);
    oracle_fd_jvp(model_flat, NULL, N, N, x, v, fdd);
    CHECK_VEC_CLOSE("jvp vs fd", yd, fdd, N, ORACLE_RTOL_FD, oracle_fd_atol(1));
    double w[N] = {1.0, -0.5, 0.25, 2.0, -1.5}, ws[N], xb[N] = {0};
    memcpy(ws, w, sizeof ws);
    model_vjp(x, xb, y2, ws);
    CHECK_CLOSE("dot", oracle_dot(yd, w, N), oracle_dot(v, xb, N), 1e-12, 1e-14);
    double Jf[N * N], Jr[N * N], Jfd[N * N];
    model_jacfwd(x, y2, Jf);
    model_jacrev(x, y2, Jr);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, N * N, 1e-12, 1e-14);
    for (int j = 0; j < N; j++) {
        double e[N] = {0}, col[N];
        e[j] = 1;
        oracle_fd_jvp(model_flat, NULL, N, N, x, e, col);
        for (int i = 0; i < N; i++) Jfd[i * N + j] = col[i];
    }
    CHECK_VEC_CLOSE("jacfwd vs fd", Jf, Jfd, N * N, ORACLE_RTOL_FD, oracle_fd_atol(1));

    double g[N], gfd[N], f0 = obj(x);
    CHECK_CLOSE("grad primal", obj_grad(x, g), f0, 0, 0);
    oracle_fd_grad(obj_flat, NULL, N, x, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, N, ORACLE_RTOL_FD, oracle_fd_atol(f0));
    double H[N * N], Hfd[N * N], Hv[N], hv[N];
    obj_hessian(x, H);
    for (int j = 0; j < N; j++) {
        double e[N] = {0}, col[N];
        e[j] = 1;
        oracle_fd_jvp(grad_flat, NULL, N, N, x, e, col);
        for (int i = 0; i < N; i++) Hfd[i * N + j] = col[i];
    }
    CHECK_VEC_CLOSE("hessian vs fd(grad)", H, Hfd, N * N, 1e-5, 1e-7);
    for (int i = 0; i < N; i++) {
        Hv[i] = 0;
        for (int j = 0; j < N; j++) Hv[i] += H[i * N + j] * v[j];
    }
    obj_hvp(x, v, hv);
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, N, 1e-11, 1e-12);
    return oracle_result();
}
