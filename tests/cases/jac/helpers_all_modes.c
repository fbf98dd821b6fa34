/* helpers in every mode: recursion, pointer offsets (&x[i*d], x + i), memcpy/memset
   on active buffers, a struct carry in a loop, malloc scratch, static inline helper;
   grad vs FD, hessian vs FD of grad, jacrev vs jacfwd, jvp(f_jacfwd) vs FD of jacfwd,
   vmap(f_hessian) vs per-element, grad(f_hvp) against hessian symmetry. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

#define D 2
#define K 3
#define NX (D * K)

typedef struct { double a, b; } Carry;

static double rpow(double x, int n) { return n == 0 ? 1.0 : x * rpow(x, n - 1); }
static inline double sq(double v) { return v * v; }

static double seg(const double *p, int d)
{
    double s = 0;
    for (int i = 0; i < d; i++) s += sq(p[i]) * rpow(p[i], i + 1);
    return s;
}

static void roll(const double *in, double *out, int n)
{
    memcpy(out + 1, in, (size_t)(n - 1) * sizeof *in);
    out[0] = in[n - 1];
}

double big(const double *x)
{
    double *buf = malloc(NX * sizeof *buf), tmp[NX];
    memset(tmp, 0, sizeof tmp);
    roll(x, buf, NX);
    double s = 0;
    for (int k = 0; k < K; k++) s += seg(&buf[k * D], D) * cos(*(x + k));
    Carry c = {x[0], x[1]};
    for (int it = 0; it < 4; it++) {
        Carry n2 = {c.a * cos(c.b) + 0.1 * buf[it], c.b + 0.2 * sin(c.a)};
        c = n2;
    }
    memcpy(tmp, buf, sizeof tmp);
    free(buf);
    return s + c.a * c.b + tmp[2] * tmp[5];
}

#pragma ad grad(big) wrt(x[NX])
#pragma ad hessian(big) wrt(x[NX])
#pragma ad jacfwd(big) wrt(x[NX])
#pragma ad jacrev(big) wrt(x[NX])
#pragma ad hvp(big) wrt(x[NX])
#pragma ad jvp(big_jacfwd) wrt(x) out(jac[NX])
#pragma ad vmap(big_hessian) batch(x[NX], hess[NX*NX])
#pragma ad jacfwd(big_hvp) wrt(x[NX], x_v[NX]) out(x_hv[NX])

#include "helpers_all_modes.ad.h"

int main(void)
{
    const double x[NX] = {0.3, -0.4, 0.8, 0.5, -0.9, 0.2};
    double g[NX], fd[NX], H[NX * NX], J[NX], Jr[NX];
    big_grad(x, g);
    for (int j = 0; j < NX; j++) {
        double xp[NX], xm[NX], h = 1e-6;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[j] += h; xm[j] -= h;
        fd[j] = (big(xp) - big(xm)) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad vs fd", g, fd, NX, 1e-6, 1e-8);
    big_jacfwd(x, J);
    big_jacrev(x, Jr);
    CHECK_VEC_CLOSE("jacfwd = grad", J, g, NX, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jacrev = grad", Jr, g, NX, 1e-12, 1e-14);
    big_hessian(x, H);
    for (int j = 0; j < NX; j++) {
        double xp[NX], xm[NX], gp[NX], gm[NX], h = 1e-5;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[j] += h; xm[j] -= h;
        big_grad(xp, gp); big_grad(xm, gm);
        for (int i = 0; i < NX; i++) CHECK_CLOSE("hessian vs fd(grad)", H[i * NX + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
    }
    double v[NX] = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6}, hv[NX], Hv[NX] = {0};
    big_hvp(x, v, hv);
    for (int i = 0; i < NX; i++) for (int j = 0; j < NX; j++) Hv[i] += H[i * NX + j] * v[j];
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, NX, 1e-12, 1e-13);
    double jd[NX], J1[NX];
    big_jacfwd_jvp(x, v, J1, jd);
    CHECK_VEC_CLOSE("jvp(jacfwd) = H v", jd, Hv, NX, 1e-12, 1e-13);
    /* grad of x_hv[0] = sum_j H[0][j] v[j] wrt v is H row 0; wrt x is third-order: FD */
    double T[NX * 2 * NX], hv1[NX], gx[NX], gv[NX];
    big_hvp_jacfwd(x, v, hv1, T);
    for (int j = 0; j < NX; j++) { gx[j] = T[j]; gv[j] = T[NX + j]; }
    CHECK_VEC_CLOSE("jacfwd(hvp) wrt v = H row 0", gv, H, NX, 1e-12, 1e-13);
    for (int j = 0; j < NX; j++) {
        double xp[NX], xm[NX], hp[NX], hm[NX], h = 1e-5;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[j] += h; xm[j] -= h;
        big_hvp(xp, v, hp); big_hvp(xm, v, hm);
        CHECK_CLOSE("grad(hvp) wrt x vs fd", gx[j], (hp[0] - hm[0]) / (2 * h), 1e-5, 1e-6);
    }
    double X[3 * NX], HB[3 * NX * NX], R[3];
    for (int b = 0; b < 3; b++) for (int i = 0; i < NX; i++) X[b * NX + i] = x[i] + 0.1 * b * i;
    big_hessian_vmap(3, X, HB, R);
    for (int b = 0; b < 3; b++) {
        double H1[NX * NX];
        CHECK_CLOSE("vmap(hessian) ret", R[b], big_hessian(X + b * NX, H1), 0, 0);
        CHECK_VEC_CLOSE("vmap(hessian)", HB + b * NX * NX, H1, NX * NX, 0, 0);
    }
    return oracle_result();
}
