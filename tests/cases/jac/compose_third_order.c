/*
** jac/compose_third_order: derivatives of derivatives of derivatives.
** f(x, a) = x0^3 x1 + sum_i exp(a x_i) x_{i+1}^2 (through a static helper),
** wrt x[3]; its third derivative tensor T is written out by hand (T3).
**   jvp(f_hessian) out(hess[n*n])       hess_dot = T . v   (forward over the
**                                        hessian driver: one column per run)
**   hessian(f_jvp) out(ret_dot[1])      = T . v            (the Hessian of the
**                                        directional derivative)
**   vjp(f_jvp) wrt(x, x_dot)            x_bar += s H v, x_dot_bar += s g,
**                                        ret_dot_bar zero on exit
**   jvp(f_vjp)                          x_bar_dot = ret_bar H v, x_bar += ret_bar g
** Oracles: the closed-form T (rtol 1e-12: a few dozen roundings), and H, g
** from f_hessian and f_vjp, themselves checked against central differences
** in jac/hessian and the vjp cases; the compositions must agree to rounding.
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

/* f = sum_i exp(a x_i) x_{i+1}^2 + x0^3 x1 */
static double term(double a, double b, double c) { return exp(a * b) * c * c; }
double f(const double *x, double a, int n)
{
    double s = x[0] * x[0] * x[0] * x[1];
    for (int i = 0; i + 1 < n; i++) s += term(a, x[i], x[i + 1]);
    return s;
}

#pragma ad hessian(f) wrt(x[n])
#pragma ad jvp(f_hessian) wrt(x[n]) out(hess[n*n])
#pragma ad jvp(f) wrt(x[n])
#pragma ad hessian(f_jvp) wrt(x[n]) out(ret_dot[1])
#pragma ad vjp(f_jvp) wrt(x[n], x_dot[n]) out(ret_dot[1])
#pragma ad jvp(f_vjp) wrt(x[n]) out(x_bar[n])
#pragma ad vjp(f) wrt(x[n])

#include "compose_third_order.ad.h"
#define N 3
/* third derivative tensor T[i][j][k] by hand */
static double T3(const double *x, double a, int i, int j, int k)
{
    int idx[3] = {i, j, k};
    /* sort */
    for (int p = 0; p < 3; p++) for (int q = p + 1; q < 3; q++) if (idx[q] < idx[p]) { int t = idx[p]; idx[p] = idx[q]; idx[q] = t; }
    double t = 0;
    if (idx[0] == 0 && idx[1] == 0 && idx[2] == 0) t += 6 * x[1];
    if (idx[0] == 0 && idx[1] == 0 && idx[2] == 1) t += 6 * x[0];
    for (int m = 0; m + 1 < N; m++) {
        /* g = exp(a x_m) x_{m+1}^2 */
        int cm = (idx[0] == m) + (idx[1] == m) + (idx[2] == m), cn = (idx[0] == m + 1) + (idx[1] == m + 1) + (idx[2] == m + 1);
        if (cm + cn != 3) continue;
        double e = exp(a * x[m]) * pow(a, cm), c = x[m + 1];
        double pc = cn == 0 ? c * c : cn == 1 ? 2 * c : cn == 2 ? 2 : 0;
        t += e * pc;
    }
    return t;
}
int main(void)
{
    double x[N] = {0.3, -0.4, 0.8}, a = 0.7, v[N] = {1, -2, 0.5};
    double H[N * N], Hd[N * N];
    f_hessian_jvp(x, v, a, N, H, Hd);
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) {
        double s = 0; for (int k = 0; k < N; k++) s += T3(x, a, i, j, k) * v[k];
        CHECK_CLOSE("jvp(hessian)", Hd[i * N + j], s, 1e-12, 1e-13);
    }
    double H2[N * N], xd[N]; memcpy(xd, v, sizeof v);
    double rd2; f_jvp_hessian(x, xd, a, N, &rd2, H2);
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) {
        double s = 0; for (int k = 0; k < N; k++) s += T3(x, a, i, j, k) * v[k];
        CHECK_CLOSE("hessian(jvp)", H2[i * N + j], s, 1e-12, 1e-13);
    }
    /* vjp(f_jvp): x_bar += s * H v, x_dot_bar += s * g */
    double xb[N] = {0}, xdb[N] = {0}, rd, rdb = 1.5;
    f_jvp_vjp(x, xb, v, xdb, a, N, &rd, &rdb);
    double Hm[N * N]; f_hessian(x, a, N, Hm);
    double g[N] = {0}; f_vjp(x, g, a, N, 1.0);
    for (int i = 0; i < N; i++) {
        double s = 0; for (int k = 0; k < N; k++) s += Hm[i * N + k] * v[k];
        CHECK_CLOSE("vjp(jvp) x", xb[i], 1.5 * s, 1e-12, 1e-13);
        CHECK_CLOSE("vjp(jvp) xdot", xdb[i], 1.5 * g[i], 1e-12, 1e-13);
    }
    CHECK_CLOSE("rdb zero", rdb, 0, 0, 0);
    /* jvp(f_vjp): x_bar_dot = ret_bar * H v, with x_bar accumulating */
    double xbv[N] = {0.1, 0.2, 0.3}, xbvd[N] = {0};
    f_vjp_jvp(x, v, xbv, xbvd, a, N, 2.0);
    for (int i = 0; i < N; i++) {
        double s = 0; for (int k = 0; k < N; k++) s += Hm[i * N + k] * v[k];
        CHECK_CLOSE("jvp(vjp) dot", xbvd[i], 2.0 * s, 1e-12, 1e-13);
        CHECK_CLOSE("jvp(vjp) val", xbv[i], (0.1 * (i + 1)) + 2.0 * g[i], 1e-12, 1e-13);
    }
    return oracle_result();
}
