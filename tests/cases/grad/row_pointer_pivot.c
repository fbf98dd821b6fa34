/*
** grad/row_pointer_pivot: Gaussian elimination on an array of row pointers
** (double **rows into one malloc'd matrix), pivoting by swapping the
** pointers, not the data, as textbook C does; then the solution shifted
** right in place by an overlapping memmove. The values reached through a
** row pointer move with the pointer swaps; the adjoint must follow them.
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients; the pivot order does not change for
** h ~ 6e-6).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

/* solve A x = b by Gaussian elimination on row pointers (pivoting swaps pointers) */
static void gauss_rows(double **r, double *b, double *x, int n)
{
    for (int c = 0; c < n; c++) {
        int p = c;
        for (int i = c + 1; i < n; i++)
            if (fabs(r[i][c]) > fabs(r[p][c])) p = i;
        if (p != c) {
            double *t = r[c]; r[c] = r[p]; r[p] = t;
            double tb = b[c]; b[c] = b[p]; b[p] = tb;
        }
        for (int i = c + 1; i < n; i++) {
            double m = r[i][c] / r[c][c];
            for (int j = c; j < n; j++)
                r[i][j] -= m * r[c][j];
            b[i] -= m * b[c];
        }
    }
    for (int i = n - 1; i >= 0; i--) {
        double s = b[i];
        for (int j = i + 1; j < n; j++)
            s -= r[i][j] * x[j];
        x[i] = s / r[i][i];
    }
}

double f(const double *a, int n)
{
    double *A = malloc(sizeof(double) * n * n);
    double **rows = malloc(sizeof(double *) * n);
    double *b = malloc(sizeof(double) * n), *x = malloc(sizeof(double) * n);
    double s = 0.0;
    memcpy(A, a, sizeof(double) * n * n);
    for (int i = 0; i < n; i++) {
        rows[i] = A + i * n;
        b[i] = 1.0 + i + a[i * n + (n - 1 - i)];
    }
    gauss_rows(rows, b, x, n);
    /* shift the solution right by one, in place, and add a history term */
    memmove(x + 1, x, sizeof(double) * (n - 1));
    x[0] = a[0];
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * (i + 1);
    free(A); free(rows); free(b); free(x);
    return s;
}

/* the 4 x 4 case over a flat vector, for the generic drivers */
double g(const double *a, int len)
{
    return len == 16 ? f(a, 4) : 0.0;
}

#pragma ad grad(g) wrt(a[len])
#pragma ad vjp(g) wrt(a[len])
#pragma ad jvp(g) wrt(a[len])

#include "row_pointer_pivot.ad.h"

ORACLE_XN_CASE(g, 16, 1928)
