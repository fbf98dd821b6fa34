/* everyday C idioms on active data in every mode: in-place reversal with two indexes
   (comma in for), bubble sort (data-dependent swaps), in-place prefix sums, chained
   assignment, *p++ writes, x[i] *= x[i], switch fallthrough, forward goto cleanup,
   static const table, fmax reduction; grad/jacrev vs FD, jvp/vjp dot test, hessian. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 5

void work(const double *x, double *y, int n)
{
    static const double tab[3] = {0.5, -1.25, 2.0};
    double t[N], *p = t;
    for (int i = 0; i < n; i++) *p++ = x[i] * tab[i % 3];
    for (int i = 0, j = n - 1; i < j; i++, j--) { double s = t[i]; t[i] = t[j]; t[j] = s; }
    for (int pass = 0; pass < n; pass++)
        for (int i = 0; i + 1 < n; i++)
            if (t[i] > t[i + 1]) { double s = t[i]; t[i] = t[i + 1]; t[i + 1] = s; }
    for (int i = 1; i < n; i++) t[i] += t[i - 1];
    double a, b;
    a = b = t[n - 1];
    for (int i = 0; i < n; i++) {
        y[i] = t[i];
        y[i] *= y[i];
        switch (i % 4) {
        case 0: y[i] += a;
        /* fall through */
        case 1: y[i] -= 0.5 * b * x[i]; break;
        case 2: y[i] /= 1 + x[i] * x[i]; break;
        default: y[i] = fmax(y[i], x[i]);
        }
    }
    if (x[0] > 100) goto done;
    y[0] += sin(y[n - 1]);
done:
    return;
}

double wsum(const double *x, int n)
{
    double y[N], s = 0, m = -1e300;
    work(x, y, n);
    for (int i = 0; i < n; i++) { s += y[i] * (i + 1); m = fmax(m, y[i]); }
    return s + m;
}

#pragma ad jvp(work) wrt(x) out(y)
#pragma ad vjp(work) wrt(x[n]) out(y[n])
#pragma ad jacrev(work) wrt(x[n]) out(y[n])
#pragma ad jacfwd(work) wrt(x[n]) out(y[n])
#pragma ad grad(wsum) wrt(x[n])
#pragma ad hessian(wsum) wrt(x[n])

#include "c_idioms_sort_swap.ad.h"

int main(void)
{
    const double x[N] = {0.9, -0.35, 1.4, 0.2, -1.1};
    double y[N], J[N * N], Jf[N * N], fdJ[N * N];
    work_jacrev(x, y, N, J);
    work_jacfwd(x, y, N, Jf);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], yp[N], ym[N], h = 1e-6;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[j] += h; xm[j] -= h;
        work(xp, yp, N); work(xm, ym, N);
        for (int i = 0; i < N; i++) fdJ[i * N + j] = (yp[i] - ym[i]) / (2 * h);
    }
    CHECK_VEC_CLOSE("jacrev vs fd", J, fdJ, N * N, 1e-6, 1e-7);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, J, N * N, 1e-12, 1e-14);
    double v[N] = {0.3, 1, -2, 0.5, 0.7}, w[N] = {1, -1, 0.5, 2, -0.25}, yd[N], xb[N] = {0};
    work_jvp(x, v, y, yd, N);
    double wy[N];
    memcpy(wy, w, sizeof w);
    work_vjp(x, xb, y, wy, N);
    double l = 0, r = 0;
    for (int i = 0; i < N; i++) { l += w[i] * yd[i]; r += xb[i] * v[i]; }
    CHECK_CLOSE("dot test", l, r, 1e-12, 1e-14);
    double g[N], fd[N], H[N * N];
    wsum_grad(x, g, N);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], h = 1e-6;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[j] += h; xm[j] -= h;
        fd[j] = (wsum(xp, N) - wsum(xm, N)) / (2 * h);
    }
    CHECK_VEC_CLOSE("wsum grad vs fd", g, fd, N, 1e-6, 1e-8);
    wsum_hessian(x, N, H);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], gp[N], gm[N], h = 1e-5;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[j] += h; xm[j] -= h;
        wsum_grad(xp, gp, N); wsum_grad(xm, gm, N);
        for (int i = 0; i < N; i++) CHECK_CLOSE("wsum hessian", H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
    }
    return oracle_result();
}
