/*
** jac/hessian_bulk: second derivatives (forward over reverse) of grad/bulk's
** function, whose reverse code writes its tape through blocks
** (ccad_reserve_d / ccad_release_d, adjoint_bulk.c): counted loops pushing
** the same values every iteration, arrays saved whole with memcpy (joining
** the loop's block, or a block of their own), nested loops, a block of
** integers beside one of doubles, and a helper whose own loop's block is
** reserved in its f_fwd and released in its f_bwd. The tangent transform
** gives every block of doubles a block of tangents (zeros for values that
** carry none), so the Hessian's sweeps use blocks too (regression: such
** modules used to fall back to one push per value).
** Oracles: f_grad against central differences of f, f_hessian against
** central differences of f_grad (h ~ 1e-6 |x|, error O(h^2) relative:
** ORACLE_RTOL_FD), f_hessian symmetric, f_hvp = H v up to rounding, and
** the tape empty after every call.
*/
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 8

static double helper(double a, double b)
{
    double t = a;
    for (int j = 0; j < 3; j++)
        t = sin(t) * b + 0.1;
    return t;
}

double f(const double *x, int n)
{
    double s = 0.0, t = 0.3, u = 0.1;
    for (int i = 0; i < n; i++) {
        if (x[i] > 0.0)
            t = sin(t + x[i]);
        else
            t = cos(t * x[i]);
        s += t;
    }
    for (int i = 0; i < n; i++) {
        if (i % 3 == 0)
            u = u * x[i] + 0.5;
        s += u * u;
    }
    for (int i = 0; i < 4; i++) {
        double v = x[i];
        for (int j = 0; j < n; j++)
            v = tanh(v * x[j] + 0.2);
        t = t * v;
        s += t;
    }
    for (int i = 0; i < 4; i++) {
        int k = (i * 5 + 1) % n;
        double w = x[k];
        for (int j = 1; j < n; j += 2)
            w = sin(w + x[j]);
        s += w * x[k];
    }
    double r = 0.0;
    for (long i = 0; i < 3000; i++)
        r = sin(r + 0.001 * x[i % n]);
    s += r;
    for (int i = 0; i < n; i += 3)
        t = exp(0.1 * t * x[i]);
    for (int i = n - 1; i >= 0; i--)
        t = t * x[i] + sin(t);
    s += t;
    int m = n - 2;
    for (int i = 0; i < m; i++)
        u = sqrt(u * u + x[i] * x[i]);
    m = 2;
    s += u * m;
    double buf[4], q = 0.5;
    for (int i = 0; i < n - 3; i++) {
        memcpy(buf, x + i, 4 * sizeof(double));
        q = q * buf[0] + sin(buf[3] * q);
    }
    s += q;
    for (int i = 0; i < n - 3; i++) {
        int len = i % 3 + 1;
        memcpy(buf, x + i, (size_t)len * sizeof(double));
        q = q * buf[0] + cos(buf[len - 1] + q);
    }
    s += q;
    double h = 0.2;
    for (int i = 0; i < n; i++)
        h = helper(h, x[i]);
    return s + h;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad hessian(f) wrt(x[n])
#pragma ad hvp(f) wrt(x[n])

#include "hessian_bulk.ad.h"

static void f_wrap(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = f(x, N);
}

static void g_wrap(void *ctx, const double *x, double *g)
{
    (void)ctx;
    f_grad(x, g, N);
}

int main(void)
{
    double x[N], v[N], g[N], gfd[N], H[N * N], Hfd[N * N], hv[N], Hv[N], e[N], col[N];
    for (int i = 0; i < N; i++) {
        x[i] = 0.3 + 0.4 * sin(1.7 * i + 0.2) * (i % 2 ? -1.0 : 1.0);
        v[i] = cos(0.9 * i + 0.5);
    }

    f_grad(x, g, N);
    oracle_fd_grad(f_wrap, NULL, N, x, gfd);
    CHECK_VEC_CLOSE("f_grad vs central differences", g, gfd, N, ORACLE_RTOL_FD, oracle_fd_atol(fabs(f(x, N))));
    CHECK_TRUE("tape empty after f_grad", ccad_tape_empty());

    f_hessian(x, N, H);
    CHECK_TRUE("tape empty after f_hessian", ccad_tape_empty());
    for (int j = 0; j < N; j++) { /* column j = d grad / d x_j */
        for (int i = 0; i < N; i++)
            e[i] = i == j;
        oracle_fd_jvp(g_wrap, NULL, N, N, x, e, col);
        for (int i = 0; i < N; i++)
            Hfd[i * N + j] = col[i];
    }
    CHECK_VEC_CLOSE("f_hessian vs central differences of f_grad", H, Hfd, N * N, ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(g, N)));
    for (int i = 0; i < N; i++)
        for (int j = 0; j < i; j++)
            CHECK_CLOSE("f_hessian symmetric", H[i * N + j], H[j * N + i], 1e-10, 1e-12);

    f_hvp(x, v, hv, N);
    for (int i = 0; i < N; i++)
        Hv[i] = oracle_dot(&H[i * N], v, N);
    CHECK_VEC_CLOSE("f_hvp = H v", hv, Hv, N, 1e-12, 1e-12 * oracle_norm_inf(Hv, N));
    CHECK_TRUE("tape empty after f_hvp", ccad_tape_empty());
    return oracle_result();
}
