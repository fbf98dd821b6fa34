/*
** grad/vlaparam: C99 variable-length array parameters, double a[n][n],
** in helpers that write and read a matrix built from x (regression: the
** generated code declared them double (*a)[], which does not compile; the
** length is now read back from the source), and a cast to a pointer to
** const rows in the call (its adjoint pointer must stay writable).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static double frob(int n, const double a[n][n])
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            s += a[i][j] * a[i][j];
    return s;
}

static void outer(int n, const double *u, double a[n][n])
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = u[i] * u[j] + (i == j);
}

double f(const double *x, int n)
{
    double a[4][4];
    outer(4, x, a);
    double (*row)[4] = a;
    return frob(4, (const double (*)[4])a) + sin(row[1][2]) * x[n - 1];
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "vlaparam.ad.h"

ORACLE_XN_CASE(f, 7, 29)
