/*
** realc/multigrid_vcycle: a recursive multigrid V-cycle for -u'' = f in
** 1D as a numerics course writes it: red-black Gauss-Seidel smoothing with
** boundary ternaries, residual, full-weighting restriction into malloc'd
** coarse arrays, `#pragma ad checkpoint` before the recursive coarse-grid
** call (call checkpointing, nested through the recursion), linear
** interpolation back, three cycles; the right-hand side depends
** nonlinearly on the parameters.
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

/* red-black Gauss-Seidel sweeps for -u'' = f on n interior points, h = 1/(n+1) */
static void smooth(double *u, const double *f, int n, int sweeps)
{
    double h2 = 1.0 / ((n + 1.0) * (n + 1.0));
    for (int s = 0; s < sweeps; s++)
        for (int color = 0; color < 2; color++)
            for (int i = color; i < n; i += 2) {
                double l = i > 0 ? u[i - 1] : 0.0, r = i + 1 < n ? u[i + 1] : 0.0;
                u[i] = 0.5 * (l + r + h2 * f[i]);
            }
}

static void vcycle(double *u, const double *f, int n)
{
    if (n <= 3) {
        smooth(u, f, n, 20);
        return;
    }
    int nc = (n - 1) / 2;
    double h2 = 1.0 / ((n + 1.0) * (n + 1.0));
    double *res = malloc(sizeof(double) * n);
    double *fc = malloc(sizeof(double) * nc), *ec = calloc(nc, sizeof(double));
    smooth(u, f, n, 2);
    for (int i = 0; i < n; i++) {
        double l = i > 0 ? u[i - 1] : 0.0, r = i + 1 < n ? u[i + 1] : 0.0;
        res[i] = f[i] - (2.0 * u[i] - l - r) / h2;
    }
    for (int j = 0; j < nc; j++)   /* full weighting */
        fc[j] = 0.25 * res[2 * j] + 0.5 * res[2 * j + 1] + 0.25 * res[2 * j + 2];
#pragma ad checkpoint
    vcycle(ec, fc, nc);
    for (int j = 0; j < nc; j++) {   /* linear interpolation */
        u[2 * j + 1] += ec[j];
        u[2 * j] += 0.5 * ec[j];
        u[2 * j + 2] += 0.5 * ec[j];
    }
    smooth(u, f, n, 2);
    free(res);
    free(fc);
    free(ec);
}

double f(const double *p, int n)
{
    double *u = calloc(n, sizeof(double)), *rhs = calloc(n, sizeof(double)), s = 0.0;
    for (int i = 0; i < n; i++)
        rhs[i] = 10.0 * sin(p[i]) + p[(i + 1) % n] * p[(i + 1) % n];
    for (int c = 0; c < 3; c++)
        vcycle(u, rhs, n);
    for (int i = 0; i < n; i++)
        s += u[i] * u[i] * (1.0 + 0.1 * i);
    free(u);
    free(rhs);
    return s;
}

#pragma ad grad(f) wrt(p[n])
#pragma ad vjp(f) wrt(p[n])
#pragma ad jvp(f) wrt(p[n])

#include "multigrid_vcycle.ad.h"

ORACLE_XN_CASE(f, 15, 1930)
