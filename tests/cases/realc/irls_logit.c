// CFLAGS: -D_DEFAULT_SOURCE
/*
** realc/irls_logit: logistic regression fitted by iteratively reweighted
** least squares as a statistics code writes it: a do-while until the
** step's max-norm is below tol, the weighted normal equations X'WX beta =
** X'Wz assembled into a column-major matrix and solved by an in-place
** Cholesky (LAPACK dpotrf order, returns the failing column on a
** non-positive pivot) and two triangular solves, log1p(exp(.)) for the
** log-likelihood. Differentiated: the fitted deviance w.r.t. the
** observation weights w (a sensitivity / influence computation) and the
** design matrix. Oracles: the fit is converged to 1e-14, so by the
** envelope theorem d dev / d w_i = the i-th term of the deviance at the
** optimum (closed form), and d dev / d X_ij = -2 w_i (y_i - p_i) beta_j;
** jvp dot grad (1e-12).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

static int cholesky(double *A, int p)
{
    for (int j = 0; j < p; j++) {
        double d = A[j + j * p];
        for (int k = 0; k < j; k++) d -= A[j + k * p] * A[j + k * p];
        if (d <= 0.0) return j + 1;
        d = sqrt(d);
        A[j + j * p] = d;
        for (int i = j + 1; i < p; i++) {
            double s = A[i + j * p];
            for (int k = 0; k < j; k++) s -= A[i + k * p] * A[j + k * p];
            A[i + j * p] = s / d;
        }
    }
    return 0;
}
static void chol_solve(const double *L, int p, double *b)
{
    for (int i = 0; i < p; i++) { for (int k = 0; k < i; k++) b[i] -= L[i + k * p] * b[k]; b[i] /= L[i + i * p]; }
    for (int i = p - 1; i >= 0; i--) { for (int k = i + 1; k < p; k++) b[i] -= L[k + i * p] * b[k]; b[i] /= L[i + i * p]; }
}
double irls_deviance(int n, int p, const double *X, const double *y, const double *w, double *beta)
{
    double *A = malloc(p * p * sizeof *A), *rhs = malloc(p * sizeof *rhs);
    memset(beta, 0, p * sizeof *beta);
    double step;
    int iter = 0;
    do {
        memset(A, 0, p * p * sizeof *A);
        memset(rhs, 0, p * sizeof *rhs);
        for (int i = 0; i < n; i++) {
            double eta = 0.0;
            for (int j = 0; j < p; j++) eta += X[i * p + j] * beta[j];
            double mu = 1.0 / (1.0 + exp(-eta)), vw = w[i] * mu * (1.0 - mu);
            double z = eta + (y[i] - mu) / (mu * (1.0 - mu));
            for (int j = 0; j < p; j++) {
                rhs[j] += X[i * p + j] * vw * z;
                for (int k = 0; k < p; k++) A[j + k * p] += X[i * p + j] * vw * X[i * p + k];
            }
        }
        if (cholesky(A, p)) break;
        chol_solve(A, p, rhs);
        step = 0.0;
        for (int j = 0; j < p; j++) { step = fmax(step, fabs(rhs[j] - beta[j])); beta[j] = rhs[j]; }
    } while (step > 1e-14 && ++iter < 50);
    double dev = 0.0;
    for (int i = 0; i < n; i++) {
        double eta = 0.0;
        for (int j = 0; j < p; j++) eta += X[i * p + j] * beta[j];
        dev += 2.0 * w[i] * (log1p(exp(eta)) - y[i] * eta);
    }
    free(A); free(rhs);
    return dev;
}
#pragma ad grad(irls_deviance) wrt(w[n], X[n*p]) scratch(beta[p])
#pragma ad jvp(irls_deviance) wrt(w, X) scratch(beta[p])
#include "irls_logit.ad.h"

#define NN 40
#define PP 3
int main(void)
{
    OracleRng rng = oracle_rng(31);
    static double X[NN * PP], y[NN], w[NN], gw[NN], gX[NN * PP], beta[PP], vw[NN], vX[NN * PP];
    for (int i = 0; i < NN; i++) {
        X[i * PP] = 1.0; X[i * PP + 1] = oracle_normal(&rng); X[i * PP + 2] = oracle_normal(&rng);
        double eta = 0.3 + 0.8 * X[i * PP + 1] - 0.5 * X[i * PP + 2];
        y[i] = oracle_unif01(&rng) < 1.0 / (1.0 + exp(-eta)) ? 1.0 : 0.0;
        w[i] = 0.5 + oracle_unif01(&rng);
    }
    oracle_fill_uniform(&rng, vw, NN, -1, 1);
    oracle_fill_uniform(&rng, vX, NN * PP, -1, 1);
    double dev = irls_deviance_grad(NN, PP, X, gX, y, w, gw, beta);
    CHECK_CLOSE("primal", dev, irls_deviance(NN, PP, X, y, w, beta), 0, 0);
    double dmax = 0;
    for (int i = 0; i < NN; i++) {
        double eta = 0; for (int j = 0; j < PP; j++) eta += X[i * PP + j] * beta[j];
        double mu = 1 / (1 + exp(-eta));
        CHECK_CLOSE("d dev/d w_i (envelope)", gw[i], 2 * (log1p(exp(eta)) - y[i] * eta), 1e-9, 1e-11);
        for (int j = 0; j < PP; j++) {
            double want = -2 * w[i] * (y[i] - mu) * beta[j];
            dmax = fmax(dmax, fabs(want));
            CHECK_CLOSE("d dev/d X_ij (envelope)", gX[i * PP + j], want, 1e-9, 1e-11);
        }
    }
    double jv;
    irls_deviance_jvp(NN, PP, X, vX, y, w, vw, beta, &jv);
    CHECK_CLOSE("jvp.grad", jv, oracle_dot(gw, vw, NN) + oracle_dot(gX, vX, NN * PP), 1e-12, 1e-13);
    return oracle_result();
}
