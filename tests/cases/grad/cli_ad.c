// CCAD-ARGS: --ad 'grad(h) wrt(x[3])' --ad 'vjp(h)' --ad 'jvp(h)'
/*
** grad/cli_ad: requests given only on the command line (--ad, repeated)
** for a source with no pragma, in reverse mode.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double h(const double *x)
{
    return x[0] * x[1] * x[2] + exp(x[0] - x[2]);
}

#include "cli_ad.ad.h"

static void h_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = h(x);
}

static void h_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = h_jvp(x, v, ydot);
}

static void h_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = h_vjp(x, xbar, w[0]);
    w[0] = 0.0;
}

static double h_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return h_grad(x, g);
}

int main(void)
{
    const double x[3] = {0.5, -1.5, 2.0};
    const double want[3] = {x[1] * x[2] + exp(x[0] - x[2]), x[0] * x[2], x[0] * x[1] - exp(x[0] - x[2])};
    double g[3];
    h_grad(x, g);
    CHECK_VEC_CLOSE("h_grad closed form", g, want, 3, ORACLE_RTOL_EXACT, 1e-15);
    OracleRng rng = oracle_rng(2);
    OracleProblem p = {.name = "h", .n = 3, .m = 1, .f = h_flat, .jvp = h_jvp_flat,
                       .vjp = h_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_grad(&p, NULL, x, h_grad_flat, 3);
    oracle_check_vjp(&p, NULL, x, &rng, 2, 3);
    return oracle_result();
}
