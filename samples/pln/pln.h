/* pln.h - the Poisson log-normal (PLN) model of seed 004 */
#ifndef PLN_H
#define PLN_H

/* log y! by Stirling's formula, as the tutorial computes it (0! = 1!) */
double log_stirling(double y);

/* One sample's (row's) part of the negative ELBO: counts y[p], offsets
 * o[p], covariates x[d], variational means m[p] and standard deviations
 * s[p], regression coefficients B[d*p] (row-major d x p), the diagonal of
 * Omega = Sigma^-1. */
double row_loss(const double *B, const double *m, const double *s, const double *y,
                const double *o, const double *x, const double *omega_diag, int p, int d);

/* The negative ELBO of the whole data set (n x p): the tutorial's get_ELBO.
 * Omega is p x p; logdet_omega its log-determinant. */
double pln_loss(const double *B, const double *M, const double *S, const double *Y,
                const double *O, const double *X, const double *Omega, double logdet_omega,
                int n, int p, int d);

#endif
