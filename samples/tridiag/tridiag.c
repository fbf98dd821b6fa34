/* tridiag.c - seed 000 in C: the L2 norm of the solution of a tridiagonal
 * system built from 5 parameters, differentiated by cc-ad in forward mode
 * (scal_fun_jvp) and reverse mode (scal_fun_grad).
 *
 * Only the two requests below are cc-ad specific; everything else is plain
 * C11. `cc-ad tridiag.c` writes tridiag.ad.c and tridiag.ad.h beside it. */
#include <math.h>
#include <stdlib.h>

#include "tridiag.h"

#pragma ad jvp(scal_fun) wrt(params[5])
#pragma ad grad(scal_fun) wrt(params[5])

/* Solve M x = f for the tridiagonal M with sub-diagonal a, diagonal b and
 * super-diagonal c (row i: a[i] x[i-1] + b[i] x[i] + c[i] x[i+1] = f[i];
 * a[0] and c[n-1] are not used). Thomas algorithm, as the seed's two scans:
 * a forward sweep eliminating the sub-diagonal, then back substitution. */
static void tridiag_solve(int n, const double *a, const double *b,
                          const double *c, const double *f, double *x)
{
    double *fp = malloc((size_t)n * sizeof *fp); /* modified right-hand side */
    double *q = malloc((size_t)n * sizeof *q);   /* modified super-diagonal */
    if (!fp || !q)
        abort();

    fp[0] = f[0] / b[0];
    q[0] = -c[0] / b[0];
    for (int i = 1; i < n; i++) {
        double cff = 1.0 / (b[i] + a[i] * q[i - 1]);
        fp[i] = cff * (f[i] - a[i] * fp[i - 1]);
        q[i] = -cff * c[i];
    }

    x[n - 1] = fp[n - 1];
    for (int i = n - 2; i >= 0; i--)
        x[i] = fp[i] + q[i] * x[i + 1];

    free(fp);
    free(q);
}

/* jnp.tile(jnp.roll(params, shift), n_tiles)[:nz]: element i is
 * params[(i - shift) mod np]. */
static void tile_rolled(const double *params, int shift, double offset,
                        double *out)
{
    for (int i = 0; i < TRIDIAG_NZ; i++)
        out[i] = params[(i % TRIDIAG_NP - shift + TRIDIAG_NP) % TRIDIAG_NP] + offset;
}

double scal_fun(const double *params)
{
    double a[TRIDIAG_NZ], b[TRIDIAG_NZ], c[TRIDIAG_NZ], f[TRIDIAG_NZ];
    double x[TRIDIAG_NZ];

    tile_rolled(params, 0, 0.5, a);
    tile_rolled(params, 1, 2.0, b);
    tile_rolled(params, 2, 0.5, c);
    tile_rolled(params, 3, 0.0, f);
    tridiag_solve(TRIDIAG_NZ, a, b, c, f, x);

    double sum = 0.0;
    for (int i = 0; i < TRIDIAG_NZ; i++)
        sum += x[i] * x[i];
    return sqrt(sum);
}
