/* seed 003 loop forms in C: fori_loop carry, scan with stacked outputs, while_loop
   with a data-dependent exit, do-while, break/continue/early return, switch;
   grad vs central differences, jvp/grad dot test, hessian vs FD of grad, vmap(grad). */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 5

/* fori_loop(0, 10, body, (a, b)) */
double fori(const double *x)
{
    double a = x[0], b = x[1];
    for (int i = 0; i < 10; i++) {
        double t = a * cos(b) + 0.1 * i;
        b = b + 0.3 * sin(a);
        a = t;
    }
    return a * b;
}

/* scan: carry c, outputs ys; returns final carry + sum ys^2 */
double scan(const double *x, double *ys, int n)
{
    double c = 0.5;
    for (int i = 0; i < n; i++) {
        c = 0.9 * c + x[i];
        ys[i] = c * c;
    }
    double s = c;
    for (int i = 0; i < n; i++) s += ys[i] * ys[i];
    return s;
}

/* while_loop: iterate until the value exceeds a threshold (data-dependent count) */
double wloop(const double *x, int n)
{
    double v = x[0];
    int k = 0;
    while (v < 10.0 && k < 100) {
        v = v * (1.0 + x[1] * x[1]) + x[k % n];
        k++;
    }
    return v;
}

/* do-while, continue, break, early return, switch */
double mixed(const double *x, int n)
{
    double s = 0;
    int i = 0;
    do {
        if (x[i] < 0) { s -= x[i] * x[i]; i++; continue; }
        switch (i % 3) {
        case 0: s += sin(x[i]); break;
        case 1: s += x[i] * s; break;
        default: s *= 1 + x[i];
        }
        if (s > 50) return s * 2;
        if (s < -50) break;
        i++;
    } while (i < n);
    return s + x[0];
}

#pragma ad grad(fori) wrt(x[2])
#pragma ad hessian(fori) wrt(x[2])
#pragma ad jvp(fori) wrt(x)
#pragma ad grad(scan) wrt(x[n]) scratch(ys[n])
#pragma ad jacrev(scan) wrt(x[n]) out(return, ys[n])
#pragma ad jacfwd(scan) wrt(x[n]) out(return, ys[n])
#pragma ad grad(wloop) wrt(x[n])
#pragma ad jvp(wloop) wrt(x)
#pragma ad hessian(wloop) wrt(x[n])
#pragma ad grad(mixed) wrt(x[n])
#pragma ad hessian(mixed) wrt(x[n])
#pragma ad vmap(mixed_grad) batch(x[n])

#include "seed003_loop_forms.ad.h"

typedef double (*fn_t)(const double *, int);
static double c_fori(const double *x, int n) { (void)n; return fori(x); }
static double c_scan(const double *x, int n) { double ys[N]; return scan(x, ys, n); }

static void fd_grad(fn_t f, const double *x, int n, double *g)
{
    for (int j = 0; j < n; j++) {
        double xp[N], xm[N], h = 1e-6 * fmax(1, fabs(x[j]));
        memcpy(xp, x, n * sizeof *x); memcpy(xm, x, n * sizeof *x);
        xp[j] += h; xm[j] -= h;
        g[j] = (f(xp, n) - f(xm, n)) / (2 * h);
    }
}

int main(void)
{
    double x[N] = {0.7, 0.4, -0.3, 1.2, 0.9}, g[N], fd[N], H[N * N];
    /* fori */
    fori_grad(x, g);
    fd_grad(c_fori, x, 2, fd);
    CHECK_VEC_CLOSE("fori grad", g, fd, 2, 1e-6, 1e-8);
    double v[N] = {0.3, -1.1, 0.7, 0.2, -0.5}, t;
    fori_jvp(x, v, &t);
    CHECK_CLOSE("fori jvp = grad.v", t, g[0] * v[0] + g[1] * v[1], 1e-12, 1e-14);
    fori_hessian(x, H);
    CHECK_CLOSE("fori hessian sym", H[1], H[2], 1e-10, 1e-12);
    for (int j = 0; j < 2; j++) {
        double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]}, gp[2], gm[2], h = 1e-5;
        xp[j] += h; xm[j] -= h;
        fori_grad(xp, gp); fori_grad(xm, gm);
        for (int i = 0; i < 2; i++) CHECK_CLOSE("fori hessian", H[i * 2 + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-7);
    }
    /* scan */
    double ys[N], J[(N + 1) * N], Jf[(N + 1) * N];
    scan_grad(x, g, ys, N);
    fd_grad(c_scan, x, N, fd);
    CHECK_VEC_CLOSE("scan grad", g, fd, N, 1e-6, 1e-8);
    scan_jacrev(x, ys, N, J);
    scan_jacfwd(x, ys, N, Jf);
    CHECK_VEC_CLOSE("scan jacrev row 0 = grad", J, g, N, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("scan jacfwd = jacrev", Jf, J, (N + 1) * N, 1e-12, 1e-14);
    /* d ys[i] / d x[j] = 2 c_i * 0.9^(i-j) for j <= i */
    double c = 0.5, cs[N];
    for (int i = 0; i < N; i++) { c = 0.9 * c + x[i]; cs[i] = c; }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            CHECK_CLOSE("scan dys/dx closed form", J[(1 + i) * N + j], j <= i ? 2 * cs[i] * pow(0.9, i - j) : 0.0, 1e-12, 1e-14);
    /* while loop */
    wloop_grad(x, g, N);
    fd_grad(wloop, x, N, fd);
    CHECK_VEC_CLOSE("wloop grad", g, fd, N, 1e-6, 1e-8);
    wloop_jvp(x, v, N, &t);
    double dot = 0;
    for (int j = 0; j < N; j++) dot += g[j] * v[j];
    CHECK_CLOSE("wloop jvp", t, dot, 1e-12, 1e-14);
    wloop_hessian(x, N, H);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], gp[N], gm[N], h = 1e-5;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[j] += h; xm[j] -= h;
        wloop_grad(xp, gp, N); wloop_grad(xm, gm, N);
        for (int i = 0; i < N; i++) CHECK_CLOSE("wloop hessian", H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
    }
    /* mixed control flow, several points hitting different exits */
    const double pts[4][N] = {{0.7, 0.4, -0.3, 1.2, 0.9}, {2.0, 3.0, 4.0, 5.0, 6.0}, {0.5, -2.0, 0.5, 0.5, 0.5}, {1.5, 1.5, -20.0, 3.0, 1.0}};
    double X[4 * N], XB[4 * N], R[4];
    memcpy(X, pts, sizeof pts);
    mixed_grad_vmap(4, X, XB, N, R);
    for (int p = 0; p < 4; p++) {
        double f0 = mixed_grad(pts[p], g, N);
        CHECK_CLOSE("mixed primal", f0, mixed(pts[p], N), 0, 0);
        fd_grad(mixed, pts[p], N, fd);
        CHECK_VEC_CLOSE("mixed grad", g, fd, N, 1e-6, 1e-8);
        CHECK_VEC_CLOSE("mixed vmap grad", XB + p * N, g, N, 0, 0);
        CHECK_CLOSE("mixed vmap ret", R[p], f0, 0, 0);
        mixed_hessian(pts[p], N, H);
        for (int j = 0; j < N; j++) {
            double xp[N], xm[N], gp[N], gm[N], h = 1e-5;
            memcpy(xp, pts[p], sizeof xp); memcpy(xm, pts[p], sizeof xm);
            xp[j] += h; xm[j] -= h;
            mixed_grad(xp, gp, N); mixed_grad(xm, gm, N);
            for (int i = 0; i < N; i++) CHECK_CLOSE("mixed hessian", H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
        }
    }
    return oracle_result();
}
