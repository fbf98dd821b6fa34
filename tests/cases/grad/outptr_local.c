/*
** grad/outptr_local: a helper that returns a value through an out-pointer
** to a local scalar (solve(.., &r), the LAPACK info style), itself called
** from a helper, so both are split into forward and backward sweeps.
** Regression: the caller's forward sweep passed &r_bar to the callee's
** forward sweep, but r_bar was declared in the backward sweep only: the
** output did not compile ('r_bar' undeclared). Oracles: ORACLE_XN_CASE
** (central differences, dot-product test, grad against vjp).
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

static void ratio(double p, double q, double *out)
{
    *out = p / (1.0 + q * q);
}

static double cell(const double *x, int i, int n)
{
    double r;
    ratio(x[i], x[(i + 1) % n], &r);
    double s;
    ratio(sin(r), r, &s);
    return r * s;
}

double f(const double *x, int n)
{
    double t = 0.0;
    for (int i = 0; i < n; i++)
        t += cell(x, i, n) * x[(i + 2) % n];
    return t;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "outptr_local.ad.h"

ORACLE_XN_CASE(f, 6, 1404)
