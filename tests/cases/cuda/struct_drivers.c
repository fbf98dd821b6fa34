/*
** cuda/struct_drivers: cuda() of grad, hvp, jvp and the hessian driver of a
** function with a struct parameter (Par {c, d0, d1, on}: three floating
** fields and a flag), a `while` loop whose length depends on the flag and
** a `break`, a 1-based helper (--x), a local array and an early return.
** The per-element code runs on the CPU through f_cuda_host.
** Oracles: energy_grad_cuda_host equals energy_grad element by element,
** bitwise (the same code on the same values); energy_hvp_cuda_host equals
** energy_hvp_vmap bitwise; per element, the jvp against the gradient by the
** dot product (1e-12), the hvp against the hessian (cuda_host) times v
** (1e-10), and the hvp against central differences of energy_grad along v
** (h = 1e-6, rtol 1e-6).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

static double enorm2(int n, const double *x)
{
    double s = 0.0;
    --x;
    for (int i = 1; i <= n; i++) s += x[i] * x[i];
    return s;
}

typedef struct { double c; double d0, d1; int on; } Par;

double energy(const double *x, const Par *p, int n)
{
    double r[8];
    int i = 0;
    while (i < n - 1) {
        r[i] = p->c * (x[i + 1] - x[i] * x[i]) + (i % 2 ? p->d1 : p->d0);
        if (!p->on && i > 2) break;
        i++;
    }
    double e = enorm2(i, r);
    if (e > 1e8) return 1e8;
    for (int j = 0; j < n; j++) e += (1.0 - x[j]) * (1.0 - x[j]) * p->d1;
    return e;
}

#pragma ad grad(energy) wrt(x[n], p[1])
#pragma ad hvp(energy) wrt(x[n], p[1])
#pragma ad jvp(energy) wrt(x[n], p[1])
#pragma ad hessian(energy) wrt(x[n], p[1])
#pragma ad cuda(energy_grad) batch(x[n], p[1])
#pragma ad cuda(energy_hvp) batch(x[n], p[1])
#pragma ad cuda(energy_jvp) batch(x[n], p[1])
#pragma ad cuda(energy_hessian) batch(x[n], p[1], hess[(n+3)*(n+3)])
#pragma ad vmap(energy_hvp) batch(x[n], p[1])

#include "struct_drivers.ad.h"
#define N 5
#define B 4
#define D (N + 3)
int main(void)
{
    double X[B * N], XB[B * N], XV[B * N], XHV[B * N], XD[B * N], R[B], RD[B], HS[B * D * D];
    Par P[B], PB[B], PV[B], PHV[B], PD[B];
    OracleRng rng = oracle_rng(2);
    oracle_fill_uniform(&rng, X, B * N, -1, 1);
    oracle_fill_normal(&rng, XV, B * N);
    memcpy(XD, XV, sizeof XV);
    for (int b = 0; b < B; b++) { P[b].c = 1.0 + 0.5 * b; P[b].d0 = 0.1; P[b].d1 = 0.3 * b + 0.2; P[b].on = b % 2;
        PV[b].c = 0.3; PV[b].d0 = -0.2; PV[b].d1 = 0.7; PV[b].on = 0; PD[b] = PV[b]; }
    memset(PB, 0, sizeof PB);
    energy_grad_cuda_host(B, X, XB, P, PB, N, R);
    for (int b = 0; b < B; b++) {
        double g[N]; Par pg; memset(&pg, 0, sizeof pg);
        double f = energy_grad(X + b * N, g, &P[b], &pg, N);
        CHECK_CLOSE("f", R[b], f, 0, 0);
        CHECK_TRUE("g bitwise", memcmp(g, XB + b * N, sizeof g) == 0 && pg.c == PB[b].c && pg.d0 == PB[b].d0 && pg.d1 == PB[b].d1);
    }
    energy_hvp_cuda_host(B, X, XV, XHV, P, PV, PHV, N, R);
    double XHV2[B * N], R2[B]; Par PHV2[B];
    energy_hvp_vmap(B, X, XV, XHV2, P, PV, PHV2, N, R2);
    CHECK_TRUE("hvp vmap==cuda_host", memcmp(XHV, XHV2, sizeof XHV) == 0);
    energy_jvp_cuda_host(B, X, XD, P, PD, N, RD, R2);
    energy_hessian_cuda_host(B, X, P, N, HS, R2);
    for (int b = 0; b < B; b++) {
        double v[D], hv[D], g[D];
        memcpy(v, XV + b * N, N * sizeof(double)); v[N] = PV[b].c; v[N + 1] = PV[b].d0; v[N + 2] = PV[b].d1;
        memcpy(hv, XHV + b * N, N * sizeof(double)); hv[N] = PHV[b].c; hv[N + 1] = PHV[b].d0; hv[N + 2] = PHV[b].d1;
        memcpy(g, XB + b * N, N * sizeof(double)); g[N] = PB[b].c; g[N + 1] = PB[b].d0; g[N + 2] = PB[b].d1;
        CHECK_CLOSE("jvp", RD[b], oracle_dot(g, v, D), 1e-12, 1e-13 * oracle_dot_abs(g, v, D));
        for (int i = 0; i < D; i++) { double s = 0; for (int j = 0; j < D; j++) s += HS[b * D * D + i * D + j] * v[j];
            CHECK_CLOSE("hvp vs hess", hv[i], s, 1e-10, 1e-12); }
        /* FD of grad along v */
        double xp[N], xm[N], gp[N], gm[N]; Par pp = P[b], pm = P[b], gpp, gpm;
        double h = 1e-6;
        for (int i = 0; i < N; i++) { xp[i] = X[b * N + i] + h * v[i]; xm[i] = X[b * N + i] - h * v[i]; }
        pp.c += h * v[N]; pp.d0 += h * v[N + 1]; pp.d1 += h * v[N + 2];
        pm.c -= h * v[N]; pm.d0 -= h * v[N + 1]; pm.d1 -= h * v[N + 2];
        energy_grad(xp, gp, &pp, &gpp, N); energy_grad(xm, gm, &pm, &gpm, N);
        for (int i = 0; i < N; i++) CHECK_CLOSE("hvp fd", hv[i], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-7);
        CHECK_CLOSE("hvp fd c", hv[N], (gpp.c - gpm.c) / (2 * h), 1e-6, 1e-7);
        CHECK_CLOSE("hvp fd d1", hv[N + 2], (gpp.d1 - gpm.d1) / (2 * h), 1e-6, 1e-7);
    }
    return oracle_result();
}
