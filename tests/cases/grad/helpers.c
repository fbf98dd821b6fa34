/*
** grad/helpers: jvp/helpers (typedefs, macros, static and inline helpers,
** a file-scope static const table and a non-static const array) in reverse
** mode; the gradient of combo in closed form.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef double real;
typedef const real creal;

#define NCOEF 5
#define SQR(a) ((a) * (a))
#define LERP(a, b, t) ((a) + ((b) - (a)) * (t))

static const double table[NCOEF] = {1.0, -0.5, 0.25, -0.125, 0.0625};
const double weights[3] = {0.2, 0.3, 0.5};

/* sum_i table[i] t^i */
static real horner(real t)
{
    real s = 0.0;
    for (int i = NCOEF - 1; i >= 0; i--)
        s = s * t + table[i];
    return s;
}

static inline real sq(creal a) { return SQR(a); }

static real scale_of(int k) { return 1.0 / (1.0 + k); }

real combo(const real *x)
{
    real a = horner(x[0]) * weights[0];
    real b = sq(x[1]) * weights[1] + SQR(sin(x[2])) * weights[2];
    real c = LERP(x[0], x[1], 0.25) * scale_of(3);
    return a + b + c + horner(x[1]) * horner(x[2]);
}

/* the coefficients of a polynomial as the active input, a size given by
** a macro in the clause */
real poly_at(const real *c, real t)
{
    real s = 0.0;
    for (int i = NCOEF - 1; i >= 0; i--)
        s = s * t + c[i] * table[i];
    return s;
}

#pragma ad grad(combo) wrt(x[3])
#pragma ad vjp(combo) wrt(x[3])
#pragma ad jvp(combo) wrt(x[3])
#pragma ad grad(poly_at) wrt(c[NCOEF])

#include "helpers.ad.h"

static real horner_d(real t)
{
    real s = 0.0;
    for (int i = NCOEF - 1; i >= 1; i--)
        s = s * t + i * table[i];
    return s;
}

static void combo_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = combo(x);
}

static void combo_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = combo_jvp(x, v, ydot);
}

static void combo_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = combo_vjp(x, xbar, w[0]);
    w[0] = 0.0;
}

static double combo_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return combo_grad(x, g);
}

int main(void)
{
    const real x[3] = {0.4, -0.8, 1.1};
    const real want[3] = {
        horner_d(x[0]) * weights[0] + 0.75 * 0.25,
        2.0 * x[1] * weights[1] + 0.25 * 0.25 + horner_d(x[1]) * horner(x[2]),
        2.0 * sin(x[2]) * cos(x[2]) * weights[2] + horner(x[1]) * horner_d(x[2]),
    };
    real g[3];
    real r = combo_grad(x, g);
    CHECK_CLOSE("combo_grad primal", r, combo(x), ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("combo_grad closed form", g, want, 3, ORACLE_RTOL_EXACT, 1e-15);
    OracleRng rng = oracle_rng(8);
    OracleProblem p = {.name = "combo", .n = 3, .m = 1, .f = combo_flat, .jvp = combo_jvp_flat,
                       .vjp = combo_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_grad(&p, NULL, x, combo_grad_flat, 3);
    oracle_check_vjp(&p, NULL, x, &rng, 3, 3);

    const real c[NCOEF] = {0.5, 1.5, -2.0, 0.25, 1.0}, t = 0.8;
    real gc[NCOEF], wc[NCOEF];
    for (int i = 0; i < NCOEF; i++)
        wc[i] = table[i] * pow(t, i);
    poly_at_grad(c, gc, t);
    CHECK_VEC_CLOSE("poly_at_grad = table[i] t^i", gc, wc, NCOEF, ORACLE_RTOL_EXACT, 1e-16);
    return oracle_result();
}
