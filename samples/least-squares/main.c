/* main.c - samples/least-squares: Levenberg-Marquardt on a synthetic
 * bundle adjustment in the plane (ba2d.c), with the Jacobian of all the
 * residuals from residuals_jacrev ... sparse: a ccad_csr, its pattern found
 * on the first call and reused by every later one (4 entries a row; rows
 * coloured so that one backward sweep serves all rows of a colour).
 *   1. checks the sparse Jacobian against central differences;
 *   2. runs LM from perturbed parameters and prints the residual norm per
 *      iteration; the fit must reach the noise of the measurements.
 * Exits 1 when a check fails. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ba2d.h"
#include "ba2d.ad.h" /* written by cc-ad */

enum { NCAM = 6, NPT = 30, PER_CAM = 20, NOBS = NCAM * PER_CAM, NPAR = 3 * NCAM + 2 * NPT, NRES = 2 * NOBS };

static uint64_t rng = 42;

static double unif(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static int cam[NOBS], pt[NOBS];
static double meas[2 * NOBS];

static double cost(const double *x, double *r)
{
    residuals(x, cam, pt, meas, NOBS, NCAM, NPT, r);
    double s = 0.0;
    for (int i = 0; i < NRES; i++) s += r[i] * r[i];
    return 0.5 * s;
}

/* solve A d = b, A symmetric positive definite (n x n), by Cholesky */
static int cholesky_solve(double *A, double *b, int n)
{
    for (int j = 0; j < n; j++) {
        double d = A[j * n + j];
        for (int k = 0; k < j; k++) d -= A[j * n + k] * A[j * n + k];
        if (d <= 0.0) return 0;
        A[j * n + j] = sqrt(d);
        for (int i = j + 1; i < n; i++) {
            double s = A[i * n + j];
            for (int k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
            A[i * n + j] = s / A[j * n + j];
        }
    }
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < i; k++) b[i] -= A[i * n + k] * b[k];
        b[i] /= A[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
        for (int k = i + 1; k < n; k++) b[i] -= A[k * n + i] * b[k];
        b[i] /= A[i * n + i];
    }
    return 1;
}

int main(void)
{
    static double truth[NPAR], x[NPAR], r[NRES], rp[NRES], rm[NRES], A[NPAR * NPAR], g[NPAR], xt[NPAR];
    int ok = 1;
    for (int c = 0; c < NCAM; c++) {
        truth[3 * c] = 2.0 * unif() - 1.0;
        truth[3 * c + 1] = 4.0 * unif() - 2.0;
        truth[3 * c + 2] = 4.0 * unif() - 2.0;
    }
    for (int p = 0; p < NPT; p++) {
        truth[3 * NCAM + 2 * p] = 10.0 * unif() - 5.0;
        truth[3 * NCAM + 2 * p + 1] = 10.0 * unif() - 5.0;
    }
    for (int k = 0; k < NOBS; k++) {  /* camera c sees PER_CAM points, in a window */
        cam[k] = k / PER_CAM;
        pt[k] = (cam[k] * 5 + k % PER_CAM) % NPT;
    }
    residuals(truth, cam, pt, meas, NOBS, NCAM, NPT, r);  /* with meas = 0: the exact observations */
    for (int i = 0; i < NRES; i++) meas[i] = r[i] + 1e-3 * (2.0 * unif() - 1.0);
    for (int i = 0; i < NPAR; i++) x[i] = truth[i] + 0.3 * (2.0 * unif() - 1.0);

    /* 1. the sparse Jacobian against central differences */
    ccad_csr J = {0};
    residuals_jacrev(x, cam, pt, meas, NOBS, NCAM, NPT, r, &J);
    printf("Jacobian: %d x %d, %d entries (%d a row), %d colours: %d backward sweeps a call instead of %d\n",
           J.nrows, J.ncols, J.nnz, J.nnz / J.nrows, ccad_csr_colors(&J), ccad_csr_colors(&J) + 1, J.nrows);
    double err = 0.0, scale = 0.0;
    for (int j = 0; j < NPAR; j++) {
        double h = 1e-6, keep = x[j];
        x[j] = keep + h;
        residuals(x, cam, pt, meas, NOBS, NCAM, NPT, rp);
        x[j] = keep - h;
        residuals(x, cam, pt, meas, NOBS, NCAM, NPT, rm);
        x[j] = keep;
        for (int i = 0; i < NRES; i++) {
            double got = 0.0, fd = (rp[i] - rm[i]) / (2.0 * h);
            for (int k = J.rowptr[i]; k < J.rowptr[i + 1]; k++)
                if (J.col[k] == j) got = J.val[k];
            err = fmax(err, fabs(got - fd));
            scale = fmax(scale, fabs(fd));
        }
    }
    int fd_ok = err <= 1e-7 * (1.0 + scale) && J.nnz == 4 * NRES;
    printf("  sparse Jacobian vs central differences: err %.1e  %s\n", err, fd_ok ? "ok" : "FAIL");
    ok &= fd_ok;

    /* 2. Levenberg-Marquardt: (J'J + lambda diag(J'J)) d = -J'r */
    double lambda = 1e-3, f = cost(x, r), f0 = f;
    printf("\n iter        cost    |r|      lambda\n");
    printf(" %4d  %10.3e  %.3e  %.1e\n", 0, f, sqrt(2.0 * f), lambda);
    for (int it = 1, stalled = 0; it <= 50 && !stalled; it++) {
        double before = f;
        residuals_jacrev(x, cam, pt, meas, NOBS, NCAM, NPT, r, &J);  /* the pattern is reused */
        memset(A, 0, sizeof A);
        memset(g, 0, sizeof g);
        for (int i = 0; i < NRES; i++)
            for (int a = J.rowptr[i]; a < J.rowptr[i + 1]; a++) {
                g[J.col[a]] += J.val[a] * r[i];
                for (int b = J.rowptr[i]; b < J.rowptr[i + 1]; b++) A[J.col[a] * NPAR + J.col[b]] += J.val[a] * J.val[b];
            }
        for (;;) {
            static double M[NPAR * NPAR], d[NPAR];
            memcpy(M, A, sizeof M);
            for (int j = 0; j < NPAR; j++) {
                M[j * NPAR + j] += lambda * (A[j * NPAR + j] + 1e-9);
                d[j] = -g[j];
            }
            double fn = INFINITY;
            if (cholesky_solve(M, d, NPAR)) {
                for (int j = 0; j < NPAR; j++) xt[j] = x[j] + d[j];
                fn = cost(xt, rp);
            }
            if (fn < f) {
                memcpy(x, xt, sizeof x);
                f = fn;
                lambda = fmax(lambda / 3.0, 1e-12);
                break;
            }
            lambda *= 4.0;
            if (lambda > 1e12) break;
        }
        printf(" %4d  %10.3e  %.3e  %.1e\n", it, f, sqrt(2.0 * f), lambda);
        stalled = lambda > 1e12 || before - f < 1e-9 * before;
    }
    double rms = sqrt(2.0 * f / NRES);
    int fit_ok = rms < 1.5e-3 && f < 1e-4 * f0;
    printf("\nrms residual %.2e (measurement noise: uniform in +-1e-3, rms 5.8e-4)  %s\n", rms, fit_ok ? "ok" : "FAIL");
    ok &= fit_ok;
    ccad_csr_free(&J);
    return ok ? 0 : 1;
}
