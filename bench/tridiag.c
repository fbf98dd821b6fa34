/*
** bench/tridiag.c: seed 000. The L2 norm of the solution of an n = 100
** tridiagonal system (Thomas algorithm: a forward elimination sweep and a
** back substitution) whose diagonals tile and roll a 5-element parameter
** vector: a = tile(roll(p, 0)) + 0.5, b = tile(roll(p, 1)) + 2,
** c = tile(roll(p, 2)) + 0.5, f = tile(roll(p, 3)). Same code as
** tests/cases/grad/tridiag.c.
*/
#include <math.h>
#include <stdlib.h>

#include "bench_cases.h"

#define NZ TRIDIAG_N
#define NPAR TRIDIAG_NPAR

/* out[i] = roll(p, shift)[i % np] + add, i < n: jnp.tile(jnp.roll(p, shift))[:n] + add */
static void tile_roll(const double *p, int np, int shift, double add, double *out, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = p[((i - shift) % np + np) % np] + add;
}

/* Thomas algorithm: forward sweep (f', q), backward substitution. */
static void tridiag_solve(int n, const double *a, const double *b, const double *c,
                          const double *f, double *x)
{
    double q[n];
    double *fp = malloc((size_t)n * sizeof *fp);
    fp[0] = f[0] / b[0];
    q[0] = -c[0] / b[0];
    for (int i = 1; i < n; i++) {
        double cff = 1. / (b[i] + a[i] * q[i - 1]);
        fp[i] = cff * (f[i] - a[i] * fp[i - 1]);
        q[i] = -cff * c[i];
    }
    x[n - 1] = fp[n - 1];
    for (int i = n - 2; i >= 0; i--)
        x[i] = fp[i] + q[i] * x[i + 1];
    free(fp);
}

double tridiag_norm(const double *params)
{
    double a[NZ], b[NZ], c[NZ], f[NZ], x[NZ];
    double s = 0.0;
    tile_roll(params, NPAR, 0, .5, a, NZ);
    tile_roll(params, NPAR, 1, 2., b, NZ);
    tile_roll(params, NPAR, 2, .5, c, NZ);
    tile_roll(params, NPAR, 3, 0., f, NZ);
    tridiag_solve(NZ, a, b, c, f, x);
    for (int i = 0; i < NZ; i++)
        s += x[i] * x[i];
    return sqrt(s);
}

#pragma ad grad(tridiag_norm) wrt(params[5])
