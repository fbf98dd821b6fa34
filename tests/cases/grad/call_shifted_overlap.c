/*
** grad/call_shifted_overlap: a helper called with arguments that overlap at
** an offset, y = x + 1 (`axpy(n - 1, c, u, u + 1)`): each write y[i] is the
** next iteration's read x[i + 1], a first-order recurrence written with a
** BLAS-style call, as f2c code and in-place filters do. The man page says a
** helper called with overlapping arguments is differentiated for that
** overlap. Also `scal(n, c, u, u)` (the same pointer twice, in and out) and
** a backward shifted copy `copy_back(n - 1, u + 1, u)`.
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients).
*/
#include <math.h>
#include "ccad_oracle.h"

static void axpy(int n, double a, const double *x, double *y)
{
    for (int i = 0; i < n; i++)
        y[i] += a * x[i];
}

static void scal_into(int n, double a, const double *x, double *y)
{
    for (int i = 0; i < n; i++)
        y[i] = a * sin(x[i]);
}

static void copy_back(int n, const double *x, double *y)
{
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[i];
}

double f(const double *x, int n)
{
    double u[16];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        u[i] = x[i];
    axpy(n - 1, 0.7 + x[0], u, u + 1);   /* u[i+1] += c u[i], sequentially */
    scal_into(n, 1.3, u, u);             /* u = 1.3 sin(u), in place */
    copy_back(n - 1, u + 1, u);          /* u[i] = u[i+1]^2 */
    for (int i = 0; i < n; i++)
        s += u[i] * (i + 1);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "call_shifted_overlap.ad.h"

ORACLE_XN_CASE(f, 7, 1921)
