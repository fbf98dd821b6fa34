/*
** grad/aggr_init: local aggregates declared with an initializer list that
** later hold values carrying derivatives: `double acc[7] = {0}` filled by a
** scatter-add through an int index table (regression: the reverse sweep
** zeroed the whole array's adjoint with `acc_bar = 0.0`, which is not C),
** and a struct initialised with `{...}` whose fields are then updated; the
** result feeds a loop under `#pragma ad checkpoint`. Oracles: central
** differences and the dot-product test with jvp (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct {
    double lo, hi;
    int count;
} Range;

static const int idx[10] = {3, 1, 4, 1, 5, 0, 2, 6, 5, 3};

double f(const double *x, int n)
{
    double acc[7] = {0};
    Range r = {x[0], x[1], 0};
    for (int i = 0; i < 10; i++) {
        acc[idx[i] % n] += x[idx[(i + 1) % 10] % n] * (1.0 + 0.1 * i);
        r.lo = fmin(r.lo, acc[idx[i] % n]);
        r.hi = fmax(r.hi, acc[idx[i] % n]);
        r.count++;
    }
    double s = r.hi - r.lo, u = x[0];
#pragma ad checkpoint
    for (int t = 0; t < 20; t++) {
        u = u + 0.05 * sin(u + acc[t % 7]);
        s += u * u;
    }
    return s / r.count;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "aggr_init.ad.h"

ORACLE_XN_CASE(f, 7, 9)
