/*
** jac/custom_arrays_drivers: hand-written rules (custom_jvp, custom_vjp)
** of a function reading two arrays, wdot(a, b, n) = sum softplus(a_i) b_i,
** called from a layer at pointer offsets (W + j*n) and on a local array,
** under the drivers that call a rule once per direction: jacrev (vector
** reverse), jacfwd (vector forward), vmap(layer_jacrev) (a batched
** Jacobian, y and jac batched), and hessian (forward over the hand-written
** vjp, which cc-ad differentiates).
** Oracles: jacrev against central differences of layer (h = 1e-6, rtol
** 1e-6); jacfwd equal to jacrev to rounding; each vmap element equal to
** the unbatched jacrev bitwise; the hessian's x block against central
** differences of loss_grad (rtol 1e-5).
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

/* softplus-weighted dot with a hand-written rule: reads two arrays */
double wdot(const double *a, const double *b, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) s += log1p(exp(a[i])) * b[i];
    return s;
}
double my_wdot_vjp(const double *a, double *a_bar, const double *b, double *b_bar, int n, double ret_bar);
double my_wdot_vjp(const double *a, double *a_bar, const double *b, double *b_bar, int n, double ret_bar)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double sp = log1p(exp(a[i])), sg = 1.0 / (1.0 + exp(-a[i]));
        s += sp * b[i];
        a_bar[i] += sg * b[i] * ret_bar;
        b_bar[i] += sp * ret_bar;
    }
    return s;
}
double my_wdot_jvp(const double *a, const double *a_dot, const double *b, const double *b_dot, int n, double *ret_dot);
double my_wdot_jvp(const double *a, const double *a_dot, const double *b, const double *b_dot, int n, double *ret_dot)
{
    double s = 0.0, d = 0.0;
    for (int i = 0; i < n; i++) {
        double sp = log1p(exp(a[i])), sg = 1.0 / (1.0 + exp(-a[i]));
        s += sp * b[i];
        d += sg * b[i] * a_dot[i] + sp * b_dot[i];
    }
    *ret_dot = d;
    return s;
}
#pragma ad custom_vjp(wdot, my_wdot_vjp)
#pragma ad custom_jvp(wdot, my_wdot_jvp)

void layer(const double *x, const double *W, int n, int m, double *y)
{
    double h[8];
    for (int j = 0; j < m; j++) h[j] = sin(x[j % n]) * W[j * n];
    for (int j = 0; j < m; j++)
        y[j] = wdot(W + j * n, x, n) + h[(j + 1) % m] * wdot(x, h, n < m ? n : m);
}

#pragma ad jacrev(layer) wrt(x[n], W[m*n]) out(y[m])
#pragma ad jacfwd(layer) wrt(x[n], W[m*n]) out(y[m])
#pragma ad vmap(layer_jacrev) batch(x[n], y[m], jac[m*(n+m*n)])

double loss(const double *x, const double *W, int n, int m)
{
    double y[8];
    layer(x, W, n, m, y);
    double s = 0.0;
    for (int j = 0; j < m; j++) s += y[j] * y[j];
    return s;
}
#pragma ad hessian(loss) wrt(x[n], W[m*n])
#pragma ad grad(loss) wrt(x[n], W[m*n])

#include "custom_arrays_drivers.ad.h"
#define N 3
#define M 4
#define NI (N + M * N)
int main(void)
{
    OracleRng rng = oracle_rng(61);
    double x[N], W[M * N], y[M], J1[M * NI], J2[M * NI], Jd[M * NI];
    oracle_fill_uniform(&rng, x, N, -1, 1); oracle_fill_uniform(&rng, W, M * N, -1, 1);
    layer_jacrev(x, W, N, M, y, J1);
    layer_jacfwd(x, W, N, M, y, J2);
    for (int j = 0; j < NI; j++) {
        double xp[N], xm[N], Wp[M * N], Wm[M * N], yp[M], ym[M], h = 1e-6;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x); memcpy(Wp, W, sizeof W); memcpy(Wm, W, sizeof W);
        if (j < N) { xp[j] += h; xm[j] -= h; } else { Wp[j - N] += h; Wm[j - N] -= h; }
        layer(xp, Wp, N, M, yp); layer(xm, Wm, N, M, ym);
        for (int i = 0; i < M; i++) Jd[i * NI + j] = (yp[i] - ym[i]) / (2 * h);
    }
    CHECK_VEC_CLOSE("jacrev fd", J1, Jd, M * NI, 1e-6, 1e-8);
    CHECK_VEC_CLOSE("jacfwd", J2, J1, M * NI, 1e-12, 1e-14);
    double X[2 * N], Y[2 * M], JB[2 * M * NI];
    memcpy(X, x, sizeof x); for (int i = 0; i < N; i++) X[N + i] = -x[i];
    layer_jacrev_vmap(2, X, W, N, M, Y, JB);
    CHECK_VEC_CLOSE("vmap jacrev [0]", JB, J1, M * NI, 0, 0);
    double J3[M * NI];
    layer_jacrev(X + N, W, N, M, y, J3);
    CHECK_VEC_CLOSE("vmap jacrev [1]", JB + M * NI, J3, M * NI, 0, 0);
    CHECK_VEC_CLOSE("vmap y [1]", Y + M, y, M, 0, 0);
    double H[NI * NI];
    loss_hessian(x, W, N, M, H);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], gp[N], gm[N], Wb[M * N], h = 1e-5;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x); xp[j] += h; xm[j] -= h;
        loss_grad(xp, gp, W, Wb, N, M); loss_grad(xm, gm, W, Wb, N, M);
        for (int i = 0; i < N; i++) CHECK_CLOSE("H", H[i * NI + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
    }
    return oracle_result();
}
