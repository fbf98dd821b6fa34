// CFLAGS: -D_DEFAULT_SOURCE
/*
** realc/gp_lml: the log marginal likelihood of a Gaussian process
** (Rasmussen & Williams, Algorithm 2.1) as C code writes it: hyper-parameters
** in log space, a squared-exponential kernel built into a malloc'd n x n
** matrix, an in-place Cholesky that returns -1 on a non-positive pivot (the
** caller then returns NAN), forward and back substitution for alpha,
** -1/2 y^T alpha - sum log L_ii - n/2 log 2 pi.
** Requests: grad, hessian, hvp and jvp wrt theta[3].
** Oracles: the closed-form gradient 1/2 tr((alpha alpha^T - K^-1) dK/dtheta)
** (R&W eq. 5.9) at 1e-9; the Hessian against central differences of the
** gradient (h = 1e-5, rtol 1e-6); hvp = H v (1e-12); jvp = g . v (1e-12).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

static int cholesky(double *A, int n)
{
    for (int j = 0; j < n; j++) {
        double s = A[j * n + j];
        for (int k = 0; k < j; k++) s -= A[j * n + k] * A[j * n + k];
        if (s <= 0.0) return -1;
        A[j * n + j] = sqrt(s);
        for (int i = j + 1; i < n; i++) {
            double t = A[i * n + j];
            for (int k = 0; k < j; k++) t -= A[i * n + k] * A[j * n + k];
            A[i * n + j] = t / A[j * n + j];
        }
    }
    return 0;
}

double gp_lml(const double *theta, const double *X, const double *y, int n, int d)
{
    double ell = exp(theta[0]), sf2 = exp(2.0 * theta[1]), sn2 = exp(2.0 * theta[2]);
    double *K = malloc(sizeof(double) * n * n);
    double *alpha = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double r2 = 0.0;
            for (int k = 0; k < d; k++) { double dx = X[i * d + k] - X[j * d + k]; r2 += dx * dx; }
            K[i * n + j] = sf2 * exp(-0.5 * r2 / (ell * ell)) + (i == j ? sn2 : 0.0);
        }
    if (cholesky(K, n) != 0) { free(K); free(alpha); return NAN; }
    for (int i = 0; i < n; i++) {            /* L z = y */
        double s = y[i];
        for (int k = 0; k < i; k++) s -= K[i * n + k] * alpha[k];
        alpha[i] = s / K[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {       /* L^T alpha = z */
        double s = alpha[i];
        for (int k = i + 1; k < n; k++) s -= K[k * n + i] * alpha[k];
        alpha[i] = s / K[i * n + i];
    }
    double lml = -0.5 * n * log(2.0 * M_PI);
    for (int i = 0; i < n; i++) lml += -0.5 * y[i] * alpha[i] - log(K[i * n + i]);
    free(K); free(alpha);
    return lml;
}
#pragma ad grad(gp_lml) wrt(theta[3])
#pragma ad hessian(gp_lml) wrt(theta[3])
#pragma ad hvp(gp_lml) wrt(theta[3])
#pragma ad jvp(gp_lml) wrt(theta[3])

#include "gp_lml.ad.h"

#define NP 10
#define DD 2
/* Gauss-Jordan inverse of a small SPD matrix, for the closed form */
static void inverse(const double *A, double *Ai, int n)
{
    double M[NP][2 * NP];
    for (int i = 0; i < n; i++) for (int j = 0; j < 2 * n; j++) M[i][j] = j < n ? A[i * n + j] : (j - n == i);
    for (int c = 0; c < n; c++) {
        double p = M[c][c];
        for (int j = 0; j < 2 * n; j++) M[c][j] /= p;
        for (int i = 0; i < n; i++) if (i != c) { double f = M[i][c]; for (int j = 0; j < 2 * n; j++) M[i][j] -= f * M[c][j]; }
    }
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) Ai[i * n + j] = M[i][j + n];
}
int main(void)
{
    double X[NP * DD], y[NP], th[3] = {-0.3, 0.2, -1.5}, g[3], H[9];
    OracleRng r = oracle_rng(8);
    oracle_fill_uniform(&r, X, NP * DD, -2, 2);
    for (int i = 0; i < NP; i++) y[i] = sin(X[i * DD]) + 0.5 * cos(X[i * DD + 1]);
    double f0 = gp_lml(th, X, y, NP, DD), f1 = gp_lml_grad(th, g, X, y, NP, DD);
    CHECK_CLOSE("primal", f1, f0, 1e-15, 0);
    /* closed form */
    double ell = exp(th[0]), sf2 = exp(2 * th[1]), sn2 = exp(2 * th[2]);
    double K[NP * NP], Ki[NP * NP], dK[3][NP * NP], al[NP];
    for (int i = 0; i < NP; i++) for (int j = 0; j < NP; j++) {
        double r2 = 0; for (int k = 0; k < DD; k++) r2 += (X[i * DD + k] - X[j * DD + k]) * (X[i * DD + k] - X[j * DD + k]);
        double e = sf2 * exp(-0.5 * r2 / (ell * ell));
        K[i * NP + j] = e + (i == j) * sn2;
        dK[0][i * NP + j] = e * r2 / (ell * ell); dK[1][i * NP + j] = 2 * e; dK[2][i * NP + j] = (i == j) * 2 * sn2;
    }
    inverse(K, Ki, NP);
    for (int i = 0; i < NP; i++) { al[i] = 0; for (int j = 0; j < NP; j++) al[i] += Ki[i * NP + j] * y[j]; }
    for (int p = 0; p < 3; p++) {
        double tr = 0;
        for (int i = 0; i < NP; i++) for (int j = 0; j < NP; j++) tr += (al[i] * al[j] - Ki[i * NP + j]) * dK[p][j * NP + i];
        CHECK_CLOSE("grad closed form (R&W 5.9)", g[p], 0.5 * tr, 1e-9, 1e-11);
    }
    gp_lml_hessian(th, X, y, NP, DD, H);
    for (int j = 0; j < 3; j++) {
        double tp[3], tm[3], gp[3], gm[3], h = 1e-5;
        memcpy(tp, th, sizeof th); memcpy(tm, th, sizeof th); tp[j] += h; tm[j] -= h;
        gp_lml_grad(tp, gp, X, y, NP, DD); gp_lml_grad(tm, gm, X, y, NP, DD);
        for (int i = 0; i < 3; i++) CHECK_CLOSE("hessian vs fd of grad", H[i * 3 + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-8);
    }
    double v[3] = {0.3, -1.1, 0.7}, hv[3], fd = 0;
    gp_lml_hvp(th, v, hv, X, y, NP, DD);
    for (int i = 0; i < 3; i++) CHECK_CLOSE("hvp = H v", hv[i], H[i * 3] * v[0] + H[i * 3 + 1] * v[1] + H[i * 3 + 2] * v[2], 1e-12, 1e-13);
    gp_lml_jvp(th, v, X, y, NP, DD, &fd);
    CHECK_CLOSE("jvp = g . v", fd, oracle_dot(g, v, 3), 1e-12, 1e-14);
    /* an indefinite kernel (negative noise variance cannot happen in log space; huge ell makes K singular): NAN */
    double bad[3] = {8.0, 0.0, -30.0};
    CHECK_TRUE("singular K gives NAN", isnan(gp_lml_grad(bad, g, X, y, NP, DD)) == isnan(gp_lml(bad, X, y, NP, DD)));
    return oracle_result();
}
