/*
** cuda/spring_chain_modes: one per-element model (a damped spring chain
** stepped in time, parameters in a struct with array fields passed by
** pointer, a 1-based view `q = x0 - 1`, a helper taking two pointers into one
** buffer, `switch` on the spring kind, `continue`, `break` on a data test
** that does not fire, a forward `goto` out of a search loop, float and double
** arithmetic mixed) under cuda() of its grad, jvp, vjp, hvp and of the
** primal. The per-element code runs on the CPU through f_cuda_host and must
** equal the unbatched functions element by element, bitwise; the unbatched
** gradient is checked against central differences (ORACLE_RTOL_FD) and jvp
** against it by the dot product (1e-12), so a wrong per-element derivative
** cannot hide behind an equally wrong unbatched one.
*/
#include <math.h>
#include <string.h>

#include "ccad_oracle.h"

#define NM 5

typedef struct {
    double k[NM - 1];   /* spring constants */
    float c[NM - 1];    /* damping, float */
    int kind[NM - 1];   /* 0 linear, 1 cubic, 2 soft */
} Chain;

static double spring(const double *a, const double *b, double k, int kind)
{
    double d = b[0] - a[0] - 1.0;
    switch (kind) {
    case 0: return k * d;
    case 1: return k * (d + d * d * d);
    default: break;
    }
    return k * d / sqrt(1.0 + d * d);
}

double chain(const double *x0, const Chain *ch, int nsteps, double dt)
{
    double s[NM], v[NM];
    const double *q = x0 - 1;   /* 1-based view of the input */
    for (int i = 1; i <= NM; i++) s[i - 1] = q[i];
    memset(v, 0, sizeof v);
    for (int t = 0; t < nsteps; t++) {
        double f[NM] = {0};
        for (int i = 1; i < NM; i++) {
            if (ch->kind[i - 1] < 0) continue;
            double fs = spring(&s[i - 1], s + i, ch->k[i - 1], ch->kind[i - 1]);
            double fd = (double)ch->c[i - 1] * (v[i] - v[i - 1]);
            f[i - 1] += fs + fd;
            f[i] -= fs + fd;
        }
        double e = 0;
        for (int i = 1; i < NM; i++) {   /* node 0 is fixed */
            v[i] += dt * f[i];
            s[i] += dt * v[i];
            e += v[i] * v[i];
        }
        if (e > 1e6) break;
    }
    /* the first node past 2.5 (a search with a goto out of it) */
    int hit = NM - 1;
    for (int i = 0; i < NM; i++)
        if (s[i] > 2.5) {
            hit = i;
            goto found;
        }
found:
    return s[hit] * s[NM - 1] + 0.5 * v[NM - 1] * v[NM - 1];
}

#pragma ad grad(chain) wrt(x0[5], ch[1])
#pragma ad jvp(chain) wrt(x0[5], ch[1])
#pragma ad vjp(chain) wrt(x0[5], ch[1])
#pragma ad hvp(chain) wrt(x0[5], ch[1])
#pragma ad cuda(chain) batch(x0[5], ch[1])
#pragma ad cuda(chain_grad) batch(x0[5], x0_bar[5], ch[1], ch_bar[1])
#pragma ad cuda(chain_jvp) batch(x0[5], x0_dot[5], ch[1], ch_dot[1], ret_dot[1])
#pragma ad cuda(chain_vjp) batch(x0[5], x0_bar[5], ch[1], ch_bar[1], ret_bar)
#pragma ad cuda(chain_hvp) batch(x0[5], x0_v[5], x0_hv[5], ch[1], ch_v[1], ch_hv[1])

#include "spring_chain_modes.ad.h"

enum { B = 4, NSTEP = 12 };
#define DT 0.05

typedef struct { Chain ch; } Ctx;

static void chain_flat(void *c, const double *z, double *y)
{
    Chain ch = ((Ctx *)c)->ch;
    for (int i = 0; i < NM - 1; i++) ch.k[i] = z[NM + i];
    y[0] = chain(z, &ch, NSTEP, DT);
}

static void bitwise(const char *label, const void *a, const void *b, size_t n)
{
    CHECK_TRUE(label, memcmp(a, b, n) == 0);
}

int main(void)
{
    OracleRng r = oracle_rng(31);
    double X[B * NM], XB[B * NM], XD[B * NM], XV[B * NM], XHV[B * NM], R[B], RD[B], RB[B];
    Chain CH[B], CHB[B], CHD[B], CHV[B], CHHV[B];
    memset(CHB, 0, sizeof CHB);
    memset(CHD, 0, sizeof CHD);
    memset(CHV, 0, sizeof CHV);
    for (int b = 0; b < B; b++) {
        for (int i = 0; i < NM; i++) {
            X[b * NM + i] = i * 1.05 + oracle_uniform(&r, -0.1, 0.1);
            XD[b * NM + i] = oracle_uniform(&r, -1, 1);
            XV[b * NM + i] = oracle_uniform(&r, -1, 1);
        }
        for (int i = 0; i < NM - 1; i++) {
            CH[b].k[i] = oracle_uniform(&r, 0.5, 2.0);
            CH[b].c[i] = (float)oracle_uniform(&r, 0.0, 0.3);
            CH[b].kind[i] = (i + b) % 3;
            CHD[b].k[i] = oracle_uniform(&r, -1, 1);
            CHD[b].c[i] = (float)oracle_uniform(&r, -1, 1);
            CHV[b].k[i] = oracle_uniform(&r, -1, 1);
            CHV[b].c[i] = (float)oracle_uniform(&r, -1, 1);
        }
        RB[b] = 0.5 + b;
    }

    /* unbatched gradient against differences (over x0 and the k's) */
    for (int b = 0; b < B; b += 3) {
        double z[NM + NM - 1], g[NM + NM - 1], gfd[NM + NM - 1], xb[NM];
        Chain cb;
        memcpy(z, X + b * NM, NM * sizeof(double));
        for (int i = 0; i < NM - 1; i++) z[NM + i] = CH[b].k[i];
        double f0 = chain_grad(X + b * NM, xb, &CH[b], &cb, NSTEP, DT);
        memcpy(g, xb, sizeof xb);
        for (int i = 0; i < NM - 1; i++) g[NM + i] = cb.k[i];
        Ctx c = {CH[b]};
        oracle_fd_grad(chain_flat, &c, 2 * NM - 1, z, gfd);
        CHECK_VEC_CLOSE("grad vs fd", g, gfd, 2 * NM - 1, ORACLE_RTOL_FD, oracle_fd_atol(f0));
        double rd;
        chain_jvp(X + b * NM, XD + b * NM, &CH[b], &CHD[b], NSTEP, DT, &rd);
        double dot = oracle_dot(xb, XD + b * NM, NM);
        for (int i = 0; i < NM - 1; i++) dot += cb.k[i] * CHD[b].k[i] + (double)cb.c[i] * (double)CHD[b].c[i];
        CHECK_CLOSE("jvp = <grad, v>", rd, dot, 1e-6, 1e-9);   /* c is float: its products round at 1e-7 */
    }

    /* per-element code on the CPU, bitwise against the unbatched functions */
    chain_cuda_host(B, X, CH, NSTEP, DT, R);
    for (int b = 0; b < B; b++) {
        double f = chain(X + b * NM, &CH[b], NSTEP, DT);
        bitwise("cuda primal", &R[b], &f, sizeof f);
    }
    chain_grad_cuda_host(B, X, XB, CH, CHB, NSTEP, DT, R);
    for (int b = 0; b < B; b++) {
        double xb[NM];
        Chain cb;
        double f = chain_grad(X + b * NM, xb, &CH[b], &cb, NSTEP, DT);
        bitwise("cuda grad value", &R[b], &f, sizeof f);
        bitwise("cuda grad x0_bar", XB + b * NM, xb, sizeof xb);
        bitwise("cuda grad ch_bar.k", CHB[b].k, cb.k, sizeof cb.k);
        bitwise("cuda grad ch_bar.c", CHB[b].c, cb.c, sizeof cb.c);
    }
    chain_jvp_cuda_host(B, X, XD, CH, CHD, NSTEP, DT, RD, R);
    for (int b = 0; b < B; b++) {
        double rd, f = chain_jvp(X + b * NM, XD + b * NM, &CH[b], &CHD[b], NSTEP, DT, &rd);
        bitwise("cuda jvp value", &R[b], &f, sizeof f);
        bitwise("cuda jvp tangent", &RD[b], &rd, sizeof rd);
    }
    memset(XB, 0, sizeof XB);
    memset(CHB, 0, sizeof CHB);
    chain_vjp_cuda_host(B, X, XB, CH, CHB, NSTEP, DT, RB, R);
    for (int b = 0; b < B; b++) {
        double xb[NM] = {0};
        Chain cb;
        memset(&cb, 0, sizeof cb);
        double f = chain_vjp(X + b * NM, xb, &CH[b], &cb, NSTEP, DT, 0.5 + b);
        bitwise("cuda vjp value", &R[b], &f, sizeof f);
        bitwise("cuda vjp x0_bar", XB + b * NM, xb, sizeof xb);
        bitwise("cuda vjp ch_bar.k", CHB[b].k, cb.k, sizeof cb.k);
    }
    chain_hvp_cuda_host(B, X, XV, XHV, CH, CHV, CHHV, NSTEP, DT, R);
    for (int b = 0; b < B; b++) {
        double hv[NM];
        Chain chv;
        double f = chain_hvp(X + b * NM, XV + b * NM, hv, &CH[b], &CHV[b], &chv, NSTEP, DT);
        bitwise("cuda hvp value", &R[b], &f, sizeof f);
        bitwise("cuda hvp x0_hv", XHV + b * NM, hv, sizeof hv);
        bitwise("cuda hvp ch_hv.k", CHHV[b].k, chv.k, sizeof chv.k);
    }
    return oracle_result();
}
