/*
** grad/tridiag: seed 000's gradient: the L2 norm of the solution of an
** n = 100 tridiagonal system (Thomas solve: a forward and a backward
** sequential sweep) with respect to the 5 parameters tiled into its
** diagonals, in reverse mode (grad, vjp) checked against central
** differences and, by the dot-product test, against forward mode. The seed
** also compares three gradient variants for equality: here grad and vjp
** with seed 1 must agree, and repeated calls must be bitwise identical.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
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
#pragma ad vjp(scal_fun) wrt(params[5])
#pragma ad grad(scal_fun) wrt(params[5])

#include "tridiag.ad.h"

static void scal_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = scal_fun(x);
}

static void scal_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = scal_fun_jvp(x, v, ydot);
}

static void scal_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = scal_fun_vjp(x, xbar, w[0]);
    w[0] = 0.0;
}

static double scal_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return scal_fun_grad(x, g);
}

int main(void)
{
    OracleRng rng = oracle_rng(0);
    OracleProblem p = {.name = "scal_fun", .n = NPAR, .m = 1, .f = scal_flat,
                       .jvp = scal_jvp_flat, .vjp = scal_vjp_flat,
                       .tape_empty = ccad_tape_empty};
    /* as the seed's benchmark loop: several points drawn uniform in [0, 1) */
    for (int trial = 0; trial < 4; trial++) {
        double params[NPAR];
        oracle_fill_uniform(&rng, params, NPAR, 0.0, 1.0);
        oracle_check_grad(&p, NULL, params, scal_grad_flat, NPAR);
        oracle_check_vjp(&p, NULL, params, &rng, 2, NPAR);
    }
    return oracle_result();
}
