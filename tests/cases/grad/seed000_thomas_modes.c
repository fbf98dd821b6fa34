/* seed 000 in C: Thomas solve with two scans (malloc scratch, helper), grad of
   ||x|| wrt 5 params (double and float), hessian, jvp, vmap(grad), vs FD. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

#define NZ 100

static void tridiag_solve(const double *a, const double *b, const double *c,
                          const double *f, double *x, int n)
{
    double *ff = malloc(n * sizeof *ff), *q = malloc(n * sizeof *q);
    ff[0] = f[0] / b[0];
    q[0] = -c[0] / b[0];
    for (int i = 1; i < n; i++) {
        double cff = 1.0 / (b[i] + a[i] * q[i - 1]);
        ff[i] = cff * (f[i] - a[i] * ff[i - 1]);
        q[i] = -cff * c[i];
    }
    x[n - 1] = ff[n - 1];
    for (int i = n - 2; i >= 0; i--)
        x[i] = ff[i] + q[i] * x[i + 1];
    free(ff);
    free(q);
}

double scal_fun(const double *params, int d)
{
    double a[NZ], b[NZ], c[NZ], f[NZ], x[NZ];
    for (int i = 0; i < NZ; i++) {
        a[i] = params[i % d] + .5;
        b[i] = params[((i - 1) % d + d) % d] + 2;
        c[i] = params[((i - 2) % d + d) % d] + .5;
        f[i] = params[((i - 3) % d + d) % d];
    }
    tridiag_solve(a, b, c, f, x, NZ);
    double s = 0;
    for (int i = 0; i < NZ; i++) s += x[i] * x[i];
    return sqrt(s);
}

static void tridiag_solvef(const float *a, const float *b, const float *c,
                           const float *f, float *x, int n)
{
    float ff[NZ], q[NZ];
    ff[0] = f[0] / b[0];
    q[0] = -c[0] / b[0];
    for (int i = 1; i < n; i++) {
        float cff = 1.0f / (b[i] + a[i] * q[i - 1]);
        ff[i] = cff * (f[i] - a[i] * ff[i - 1]);
        q[i] = -cff * c[i];
    }
    x[n - 1] = ff[n - 1];
    int i = n - 2;
    while (i >= 0) { x[i] = ff[i] + q[i] * x[i + 1]; i--; }
}

float scal_funf(const float *params, int d)
{
    float a[NZ], b[NZ], c[NZ], f[NZ], x[NZ];
    for (int i = 0; i < NZ; i++) {
        a[i] = params[i % d] + .5f;
        b[i] = params[((i - 1) % d + d) % d] + 2;
        c[i] = params[((i - 2) % d + d) % d] + .5f;
        f[i] = params[((i - 3) % d + d) % d];
    }
    tridiag_solvef(a, b, c, f, x, NZ);
    float s = 0;
    for (int i = 0; i < NZ; i++) s += x[i] * x[i];
    return sqrtf(s);
}

#pragma ad grad(scal_fun) wrt(params[d])
#pragma ad jvp(scal_fun)
#pragma ad hessian(scal_fun) wrt(params[d])
#pragma ad vmap(scal_fun_grad) batch(params[d], params_bar[d])
#pragma ad grad(scal_funf) wrt(params[d])

#include "seed000_thomas_modes.ad.h"

int main(void)
{
    const int d = 5;
    double p[5] = {0.4, 0.9, 0.1, 0.6, 0.3}, g[5], fd[5], H[25];
    double f0 = scal_fun(p, d);
    CHECK_CLOSE("primal", scal_fun_grad(p, g, d), f0, 0, 0);
    for (int j = 0; j < d; j++) {
        double pp[5], pm[5], h = 1e-6;
        memcpy(pp, p, sizeof p); memcpy(pm, p, sizeof p);
        pp[j] += h; pm[j] -= h;
        fd[j] = (scal_fun(pp, d) - scal_fun(pm, d)) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad vs fd", g, fd, d, 1e-6, 1e-8);
    double v[5] = {1, 0.5, -1, 2, 0.1}, t = 0, dot = 0;
    scal_fun_jvp(p, v, d, &t);
    for (int j = 0; j < d; j++) dot += g[j] * v[j];
    CHECK_CLOSE("jvp dot grad", t, dot, 1e-12, 1e-14);
    scal_fun_hessian(p, d, H);
    for (int j = 0; j < d; j++) {
        double pp[5], pm[5], gp[5], gm[5], h = 1e-5;
        memcpy(pp, p, sizeof p); memcpy(pm, p, sizeof p);
        pp[j] += h; pm[j] -= h;
        scal_fun_grad(pp, gp, d); scal_fun_grad(pm, gm, d);
        for (int i = 0; i < d; i++)
            CHECK_CLOSE("hessian vs fd of grad", H[i * d + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-7);
    }
    for (int i = 0; i < d; i++)
        CHECK_CLOSE("hessian symmetric", H[i * d + (i + 2) % d], H[((i + 2) % d) * d + i], 1e-10, 1e-12);
    double P[4 * 5], PB[4 * 5], R[4];
    for (int b = 0; b < 4; b++) for (int j = 0; j < d; j++) P[b * d + j] = p[j] + 0.05 * b * j;
    scal_fun_grad_vmap(4, P, PB, d, R);
    for (int b = 0; b < 4; b++) {
        double gb[5];
        CHECK_CLOSE("vmap ret", R[b], scal_fun_grad(P + b * d, gb, d), 0, 0);
        CHECK_VEC_CLOSE("vmap grad", PB + b * d, gb, d, 0, 0);
    }
    float pf[5], gf[5];
    for (int j = 0; j < d; j++) pf[j] = (float)p[j];
    CHECK_CLOSE("float primal", scal_funf_grad(pf, gf, d), scal_funf(pf, d), 0, 0);
    for (int j = 0; j < d; j++)
        CHECK_CLOSE("float grad vs double grad", gf[j], g[j], 1e-3, 1e-4);
    return oracle_result();
}
