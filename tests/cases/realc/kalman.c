// CFLAGS: -D_DEFAULT_SOURCE
/*
** realc/kalman: the negative log-likelihood of a Kalman filter for a
** local linear trend, as a statistician writes it: parameters through
** exp/tanh, 2 x 2 matrices as local double[2][2] arrays multiplied by a
** helper that is called in place (matmul2(Pp, Pp, Ft): the output aliases
** an input, through a temporary), the observations as a VLA parameter
** const double y[T], M_PI (hence _DEFAULT_SOURCE).
** Requests: grad wrt (theta, y), hessian wrt theta, jvp.
** Oracles: the gradient against central differences of nll in theta and
** in every observation (h = 1e-6, rtol 1e-6, floor 1e-8); the hessian
** against central differences of the gradient (h = 1e-5, rtol 1e-5, floor
** 1e-6); jvp against the gradient by the dot product (1e-12).
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

/* scalar-observation Kalman filter on a 2-state local linear trend; returns -log likelihood */
static void matmul2(double C[2][2], double A[2][2], double B[2][2])
{
    double T[2][2];
    for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) { T[i][j] = 0; for (int k = 0; k < 2; k++) T[i][j] += A[i][k] * B[k][j]; }
    memcpy(C, T, sizeof T);
}
double nll(const double *theta, int T, const double y[T])
{
    double q = exp(theta[0]), r = exp(theta[1]), rho = tanh(theta[2]);
    double F[2][2] = {{1.0, 1.0}, {0.0, rho}}, Ft[2][2] = {{1.0, 0.0}, {1.0, rho}};
    double m[2] = {0.0, 0.0}, P[2][2] = {{10.0, 0.0}, {0.0, 10.0}};
    double L = 0.0;
    for (int t = 0; t < T; t++) {
        double mp[2] = {m[0] + m[1], rho * m[1]}, Pp[2][2];
        matmul2(Pp, F, P); matmul2(Pp, Pp, Ft);
        Pp[0][0] += q; Pp[1][1] += q;
        double S = Pp[0][0] + r, v = y[t] - mp[0];
        double K[2] = {Pp[0][0] / S, Pp[1][0] / S};
        m[0] = mp[0] + K[0] * v; m[1] = mp[1] + K[1] * v;
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) P[i][j] = Pp[i][j] - K[i] * Pp[0][j];
        L += 0.5 * (log(2 * M_PI * S) + v * v / S);
    }
    return L;
}
#pragma ad grad(nll) wrt(theta[3], y[T])
#pragma ad hessian(nll) wrt(theta[3])
#pragma ad jvp(nll) wrt(theta[3], y[T])

#include "kalman.ad.h"
#define TT 12
int main(void)
{
    double th[3] = {-1.0, -0.5, 0.6}, y[TT], g[3], gy[TT], H[9];
    for (int t = 0; t < TT; t++) y[t] = sin(0.4 * t) + 0.1 * t;
    nll_grad(th, g, TT, y, gy);
    for (int j = 0; j < 3; j++) { double p[3], m[3], h = 1e-6; memcpy(p, th, sizeof p); memcpy(m, th, sizeof m); p[j] += h; m[j] -= h;
        CHECK_CLOSE("grad", g[j], (nll(p, TT, y) - nll(m, TT, y)) / (2 * h), 1e-6, 1e-8); }
    for (int j = 0; j < TT; j++) { double p[TT], m[TT], h = 1e-6; memcpy(p, y, sizeof p); memcpy(m, y, sizeof m); p[j] += h; m[j] -= h;
        CHECK_CLOSE("grad y", gy[j], (nll(th, TT, p) - nll(th, TT, m)) / (2 * h), 1e-6, 1e-8); }
    nll_hessian(th, TT, y, H);
    for (int j = 0; j < 3; j++) { double p[3], m[3], gp[3], gm[3], gyp[TT], gym[TT], h = 1e-5; memcpy(p, th, sizeof p); memcpy(m, th, sizeof m); p[j] += h; m[j] -= h;
        nll_grad(p, gp, TT, y, gyp); nll_grad(m, gm, TT, y, gym);
        for (int i = 0; i < 3; i++) CHECK_CLOSE("H", H[i * 3 + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6); }
    double v[3] = {0.3, -1.0, 0.5}, vy[TT], rd;
    for (int t = 0; t < TT; t++) vy[t] = 0.1 * (t % 3) - 0.1;
    nll_jvp(th, v, TT, y, vy, &rd);
    CHECK_CLOSE("jvp", rd, oracle_dot(g, v, 3) + oracle_dot(gy, vy, TT), 1e-12, 1e-13);
    return oracle_result();
}
