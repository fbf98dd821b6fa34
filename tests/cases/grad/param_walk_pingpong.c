/* idioms on parameters themselves: a pointer parameter walked (x++, *x), while (n--),
   a by-value scalar and a struct by value overwritten, a double loop counter,
   local pointers aliasing rows (const double *row = &M[i*n]), ping-pong buffers;
   grad/vjp/jvp/hessian vs FD and the dot test. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct Sc { double k, b; } Sc;

double walk(const double *x, int n, double a, Sc s)
{
    double acc = 0;
    a = a * a;
    s.k *= a;
    const double *p = x;
    int m = n;
    while (m--) { acc += *p * *p * s.k; p++; }
    for (; n > 0; n--, x++) acc += sin(*x) * s.b;
    for (double t = 0; t < 1.0; t += 0.25) acc += t * a;
    return acc;
}

double rows(const double *M, int r, int c)
{
    double buf1[8] = {0}, buf2[8] = {0}, *cur = buf1, *nxt = buf2, *tmp;
    for (int i = 0; i < r; i++) {
        const double *row = &M[i * c];
        for (int j = 0; j < c; j++) nxt[j] = cur[j] * 0.5 + row[j] * row[(j + 1) % c];
        tmp = cur; cur = nxt; nxt = tmp;
    }
    double s = 0;
    for (int j = 0; j < c; j++) s += cur[j] * cur[j];
    return s;
}

#pragma ad grad(walk) wrt(x[n], a, s)
#pragma ad jvp(walk) wrt(x, a, s)
#pragma ad hessian(walk) wrt(x[n], a, s)
#pragma ad grad(rows) wrt(M[r*c])
#pragma ad hessian(rows) wrt(M[r*c])

#include "param_walk_pingpong.ad.h"

static double walk_flat(const double *v) { Sc s = {v[4], v[5]}; return walk(v, 3, v[3], s); }

int main(void)
{
    const double v0[6] = {0.3, -0.6, 1.1, 0.8, 1.3, -0.4};
    double gx[3], ga, H[36], fd[6];
    Sc s = {v0[4], v0[5]}, sb;
    double f = walk_grad(v0, gx, 3, v0[3], &ga, s, &sb);
    CHECK_CLOSE("primal", f, walk_flat(v0), 0, 0);
    for (int j = 0; j < 6; j++) {
        double p[6], m[6], h = 1e-6;
        memcpy(p, v0, sizeof p); memcpy(m, v0, sizeof m);
        p[j] += h; m[j] -= h;
        fd[j] = (walk_flat(p) - walk_flat(m)) / (2 * h);
    }
    double g[6] = {gx[0], gx[1], gx[2], ga, sb.k, sb.b};
    CHECK_VEC_CLOSE("grad vs fd", g, fd, 6, 1e-6, 1e-8);
    double xd[3] = {1, 2, 3}, t;
    Sc sd = {0.5, -1};
    walk_jvp(v0, xd, 3, v0[3], 0.25, s, sd, &t);
    CHECK_CLOSE("jvp = grad . v", t, g[0] + 2 * g[1] + 3 * g[2] + 0.25 * g[3] + 0.5 * g[4] - g[5], 1e-12, 1e-14);
    walk_hessian(v0, 3, v0[3], s, H);
    for (int j = 0; j < 6; j++) {
        double p[6], m[6], h = 1e-5, gp[3], gm[3], gap, gam;
        Sc sbp, sbm;
        memcpy(p, v0, sizeof p); memcpy(m, v0, sizeof m);
        p[j] += h; m[j] -= h;
        Sc sp = {p[4], p[5]}, sm = {m[4], m[5]};
        walk_grad(p, gp, 3, p[3], &gap, sp, &sbp);
        walk_grad(m, gm, 3, m[3], &gam, sm, &sbm);
        double dp[6] = {gp[0], gp[1], gp[2], gap, sbp.k, sbp.b}, dm[6] = {gm[0], gm[1], gm[2], gam, sbm.k, sbm.b};
        for (int i = 0; i < 6; i++) CHECK_CLOSE("hessian vs fd(grad)", H[i * 6 + j], (dp[i] - dm[i]) / (2 * h), 1e-5, 1e-6);
    }
    double M[12], gM[12], fM[12], HM[144];
    for (int i = 0; i < 12; i++) M[i] = 0.1 * i - 0.45;
    rows_grad(M, gM, 3, 4);
    for (int j = 0; j < 12; j++) {
        double p[12], m[12], h = 1e-6;
        memcpy(p, M, sizeof p); memcpy(m, M, sizeof m);
        p[j] += h; m[j] -= h;
        fM[j] = (rows(p, 3, 4) - rows(m, 3, 4)) / (2 * h);
    }
    CHECK_VEC_CLOSE("ping-pong grad vs fd", gM, fM, 12, 1e-6, 1e-8);
    rows_hessian(M, 3, 4, HM);
    for (int j = 0; j < 12; j++) {
        double p[12], m[12], h = 1e-5, gp[12], gm[12];
        memcpy(p, M, sizeof p); memcpy(m, M, sizeof m);
        p[j] += h; m[j] -= h;
        rows_grad(p, gp, 3, 4); rows_grad(m, gm, 3, 4);
        for (int i = 0; i < 12; i++) CHECK_CLOSE("ping-pong hessian", HM[i * 12 + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
    }
    return oracle_result();
}
