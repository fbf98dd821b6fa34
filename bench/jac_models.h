/*
** bench/jac_models.h: the functions of the Jacobian / Hessian benchmark
** (jac_models.c, differentiated by cc-ad at build time) for the driver
** bench_jac.c.
*/
#ifndef JAC_MODELS_H
#define JAC_MODELS_H

/* ---- layer: R^n -> R^m, y = softplus(tanh(W x + b)) -------------------
** W (m x n, row-major) and b (m) are fixed data, not differentiated.
** Timed at (n, m) = (10, 1000), (1000, 10), (100, 100). */
void layer(const double *x, int n, const double *W, const double *b, int m, double *y);

/* ---- pair_energy: R^n -> R, n = ENERGY_N -------------------------------
** 0.5 |x|^2 + sum_{i<j} K_ij log(1 + (x_i - x_j)^2); K (n x n, only the
** strict upper triangle is read) is fixed data. */
#define ENERGY_N 100

double pair_energy(const double *x, int n, const double *K);

/* ---- compute_reproj_error: R^15 -> R^2 (GradBench's BA residual) -------
** err = w (project(cam, X) - feat); inputs cam[11], X[3], w[1] (in that
** order: the Jacobian's columns), feat[2] fixed data. */
void compute_reproj_error(const double *cam, const double *X, const double *w, const double *feat,
                          double *err);

/* ---- ba_objective: the whole BA problem (GradBench's ba_objective) -----
** n cameras (11 parameters each), m points (3 coordinates), p observations
** (obs[2i], obs[2i+1]: camera and point of observation i, feats[2i..] its
** feature): reproj_err[2p] the residuals, w_err[p] = 1 - w_i^2. */
void ba_objective(int n, int m, int p, const double *cams, const double *X, const double *w, const int *obs,
                  const double *feats, double *reproj_err, double *w_err);

/* ---- hand_objective: a skinned hand (GradBench's hand tracking) --------
** theta[26] (global angle-axis rotation, translation, 4 bend angles per
** finger) -> err[3 nv]: the blended positions of nv vertices (each moved by
** two of 21 bones, rest positions rest[3 nv], weights wt[2 nv]) minus
** target[3 nv]. */
void hand_objective(const double *theta, const double *rest, const int *bone, const double *wt, const double *target,
                    int nv, double *err);

#endif /* JAC_MODELS_H */
