/*
** bench/jac_models.c: the functions of bench_jac (see README.md).
**
** layer: a dense layer with two elementwise nonlinearities,
**     y_i = softplus(tanh(u_i)),  u = W x + b,  softplus(t) = log(1 + e^t),
** f: R^n -> R^m with the weights W (m x n, row-major) and bias b fixed
** data. Its Jacobian is diag(sigmoid(tanh u) (1 - tanh^2 u)) W, dense, and
** one primal call costs m n multiply-adds plus m tanh/exp/log1p.
**
** pair_energy: a smooth scalar of n inputs made of pairwise terms,
**     E(x) = 0.5 |x|^2 + sum_{i<j} K_ij log(1 + (x_i - x_j)^2),
** a Lorentzian-type pair potential (non-convex) with fixed weights K; its
** Hessian is dense. n (n - 1) / 2 log1p calls per primal.
*/
#include <math.h>

#include "jac_models.h"

void layer(const double *x, int n, const double *W, const double *b, int m, double *y)
{
    for (int i = 0; i < m; i++) {
        double u = b[i];
        for (int j = 0; j < n; j++)
            u += W[i * n + j] * x[j];
        y[i] = log1p(exp(tanh(u))); /* tanh(u) in (-1, 1): exp cannot overflow */
    }
}

#pragma ad jacfwd(layer) wrt(x[n]) out(y[m])
#pragma ad jacrev(layer) wrt(x[n]) out(y[m])

double pair_energy(const double *x, int n, const double *K)
{
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        e += 0.5 * x[i] * x[i];
        for (int j = i + 1; j < n; j++) {
            double d = x[i] - x[j];
            e += K[i * n + j] * log1p(d * d);
        }
    }
    return e;
}

#pragma ad grad(pair_energy) wrt(x[n])
#pragma ad hvp(pair_energy) wrt(x[n])
#pragma ad hessian(pair_energy) wrt(x[n])
