// CCAD-ARGS: --deterministic
// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** grad/checkpoint_omp_heat: an explicit nonlinear heat-equation time loop
** under `#pragma ad checkpoint(snapshots=4)` whose body is an OpenMP
** `parallel for` stencil with periodic neighbours through ?: indices, and
** the two malloc'd time levels swapped by pointer after each step. The
** neighbour reads make the backward sweep accumulate into u_bar from
** several iterations (atomics), so --deterministic is given for the
** bitwise-repeatability checks of the generic drivers (without it the
** gradient is right but its last bits depend on the threads' order).
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients, repeatability).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

double heat(const double *k, int n)
{
    double *u = malloc(sizeof(double) * n), *v = malloc(sizeof(double) * n), s = 0.0;
    for (int i = 0; i < n; i++) u[i] = sin(3.0 * i / n);
#pragma ad checkpoint(snapshots=4)
    for (int t = 0; t < 50; t++) {
#pragma omp parallel for
        for (int i = 0; i < n; i++) {
            double l = u[i > 0 ? i - 1 : n - 1], r = u[i + 1 < n ? i + 1 : 0];
            v[i] = u[i] + 0.2 * k[i] * (l - 2.0 * u[i] + r) - 0.01 * u[i] * u[i] * u[i];
        }
        double *tmp = u; u = v; v = tmp;
    }
    for (int i = 0; i < n; i++) s += u[i] * u[i] * (1 + i % 3);
    free(u);
    free(v);
    return s;
}

#pragma ad grad(heat) wrt(k[n])
#pragma ad vjp(heat) wrt(k[n])
#pragma ad jvp(heat) wrt(k[n])

#include "checkpoint_omp_heat.ad.h"

ORACLE_XN_CASE(heat, 24, 1933)
