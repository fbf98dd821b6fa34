/*
** jvp/tridiag: seed 000's scalar function of 5 parameters: the parameters
** are tiled (and rolled by 1, 2, 3) into the three diagonals and the right
** hand side of an n = 100 tridiagonal system, which a Thomas solve (two
** sequential sweeps, here a static helper with a VLA and a malloc'd scratch
** buffer) solves; the result is the L2 norm of the solution. All five
** directional derivatives (the gradient, column by column) are compared
** with central differences.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad_oracle.h"

#define NZ 100
#define NPAR 5

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

double scal_fun(const double *params)
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

#pragma ad jvp(scal_fun) wrt(params[5])

#include "tridiag.ad.h"

static void scal_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = scal_fun(x);
}

static void scal_jvp_flat(void *ctx, const double *x, const double *v,
                          double *y, double *ydot)
{
    (void)ctx;
    y[0] = scal_fun_jvp(x, v, ydot);
}

int main(void)
{
    OracleRng rng = oracle_rng(0);
    double params[NPAR];

    /* the seed draws params uniform in [0, 1) */
    oracle_fill_uniform(&rng, params, NPAR, 0.0, 1.0);

    /* sanity of the primal: the solve satisfies M x = f (independent check) */
    {
        double a[NZ], b[NZ], c[NZ], f[NZ], x[NZ], s = 0.0, res = 0.0;
        tile_roll(params, NPAR, 0, .5, a, NZ);
        tile_roll(params, NPAR, 1, 2., b, NZ);
        tile_roll(params, NPAR, 2, .5, c, NZ);
        tile_roll(params, NPAR, 3, 0., f, NZ);
        tridiag_solve(NZ, a, b, c, f, x);
        for (int i = 0; i < NZ; i++) {
            double r = b[i] * x[i] - f[i];
            if (i > 0)
                r += a[i] * x[i - 1];
            if (i < NZ - 1)
                r += c[i] * x[i + 1];
            res = fmax(res, fabs(r));
            s += x[i] * x[i];
        }
        CHECK_CLOSE("Thomas solve residual |M x - f|_inf", res, 0.0, 0.0, 1e-12);
        CHECK_CLOSE("scal_fun = |x|_2", scal_fun(params), sqrt(s), ORACLE_RTOL_EXACT, 0.0);
    }

    /* the gradient, one unit direction per parameter, and random directions */
    OracleProblem p = {.name = "scal_fun", .n = NPAR, .m = 1, .f = scal_flat,
                       .jvp = scal_jvp_flat};
    oracle_check_jvp(&p, NULL, params, &rng, 3, NPAR);

    /* a second point (as the seed's timing loop draws new ones) */
    oracle_fill_uniform(&rng, params, NPAR, 0.0, 1.0);
    oracle_check_jvp(&p, NULL, params, &rng, 2, NPAR);
    return oracle_result();
}
