/*
** bench/sparse_models.h: the functions of the sparse-driver benchmark
** (sparse_models.c, differentiated by cc-ad at build time) for the driver
** bench_sparse.c.
*/
#ifndef SPARSE_MODELS_H
#define SPARSE_MODELS_H

/* ---- chain: R^n -> R, a chain of springs with a nonlinear stiffness ------
** sum_i k (x_{i+1} - x_i)^2 (1 + 0.1 x_i^2) + sum_i cos(x_i): a tridiagonal
** Hessian (3 colours whatever n). */
double chain(const double *x, int n);

/* ---- broyden: R^n -> R^n, MINPACK's Broyden tridiagonal residuals -------
** a tridiagonal Jacobian (3 colours). */
void broyden(const double *x, double *fvec, int n);

#endif /* SPARSE_MODELS_H */
