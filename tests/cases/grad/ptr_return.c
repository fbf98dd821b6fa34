/*
** grad/ptr_return: helpers that return a pointer into memory whose
** derivative storage the caller can name, found with more than one
** statement (so not inlined as accessors): the largest element of an
** array, found with a loop, which the caller then scales through the
** pointer; a row of a matrix with its index clamped. Their derivatives
** return the pointer's shadow with it, the mechanism helpers that
** allocate use (grad/alloc_helpers). (This was refused in both modes:
** diag/ptr_return.)
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static double *argmax(double *a, int n)
{
    double *best = a;
    for (int i = 1; i < n; i++)
        if (a[i] > *best)
            best = a + i;
    return best;
}

typedef struct Grid {
    int nrows, ncols;
    double *data;
} Grid;

static double *row_of(const Grid *g, int r)
{
    if (r >= g->nrows)
        r = g->nrows - 1;
    return g->data + r * g->ncols;
}

double f(const double *x, int n)
{
    double w[8];
    memcpy(w, x, (size_t)n * sizeof *w);
    double *p = argmax(w, n);
    *p = *p * 2.0 + sin(*p);
    Grid g = {2, 4, w};
    double s = 0;
    for (int r = 0; r < 3; r++) {
        double *row = row_of(&g, r);
        for (int j = 0; j < g.ncols; j++)
            s += row[j] * row[(j + 1) % g.ncols];
    }
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "ptr_return.ad.h"

ORACLE_XN_CASE(f, 8, 31)
