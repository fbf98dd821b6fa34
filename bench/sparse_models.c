/*
** bench/sparse_models.c: the sparse drivers' benchmark functions (see
** sparse_models.h), with their requests.
*/
#include <math.h>

#include "sparse_models.h"

double chain(const double *x, int n)
{
    double e = 0.0;
    for (int i = 0; i + 1 < n; i++) {
        double d = x[i + 1] - x[i];
        e += d * d * (1.0 + 0.1 * x[i] * x[i]);
    }
    for (int i = 0; i < n; i++)
        e += cos(x[i]);
    return e;
}

void broyden(const double *x, double *fvec, int n)
{
    for (int k = 0; k < n; k++) {
        double temp = (3.0 - 2.0 * x[k]) * x[k];
        double temp1 = k != 0 ? x[k - 1] : 0.0;
        double temp2 = k != n - 1 ? x[k + 1] : 0.0;
        fvec[k] = temp - temp1 - 2.0 * temp2 + 1.0;
    }
}

#pragma ad grad(chain) wrt(x[n])
#pragma ad hessian(chain) wrt(x[n]) sparse
#pragma ad hvp(chain) wrt(x[n])
#pragma ad jacfwd(broyden) wrt(x[n]) out(fvec[n]) sparse
#pragma ad jacrev(broyden) wrt(x[n]) out(fvec[n]) sparse
