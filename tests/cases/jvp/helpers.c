/*
** jvp/helpers: the plumbing of ordinary C programs around the math:
** typedef'd floating types, function-like and object-like macros, static
** and static inline helpers, const parameters, a file-scope
** `static const double table[]` and a non-static file-scope const array
** (both copied into, or reached from, the generated file), a helper that
** is called twice from one expression, and a helper called with constant
** arguments only (inactive call), a size clause written with a macro
** (wrt(c[NCOEF]): the macro means what it means in the source).
*/
#include <math.h>

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

#pragma ad jvp(combo) wrt(x[3])
#pragma ad jvp(poly_at) wrt(c[NCOEF])

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

int main(void)
{
    const real x[3] = {0.4, -0.8, 1.1};
    /* gradient in closed form */
    const real g[3] = {
        horner_d(x[0]) * weights[0] + 0.75 * 0.25,
        2.0 * x[1] * weights[1] + 0.25 * 0.25 + horner_d(x[1]) * horner(x[2]),
        2.0 * sin(x[2]) * cos(x[2]) * weights[2] + horner(x[1]) * horner_d(x[2]),
    };
    char label[64];
    for (int j = 0; j < 3; j++) {
        real e[3] = {0.0, 0.0, 0.0}, ret_dot = NAN;
        e[j] = 1.0;
        real r = combo_jvp(x, e, &ret_dot);
        snprintf(label, sizeof label, "combo primal (e_%d)", j);
        CHECK_CLOSE(label, r, combo(x), ORACLE_RTOL_EXACT, 0.0);
        snprintf(label, sizeof label, "combo d/dx%d closed form", j);
        CHECK_CLOSE(label, ret_dot, g[j], ORACLE_RTOL_EXACT, 1e-15);
    }
    /* poly_at: d/dc_i = table[i] t^i */
    {
        const real c[NCOEF] = {0.5, 1.5, -2.0, 0.25, 1.0}, t = 0.8;
        real cd[NCOEF] = {0.3, -0.2, 0.1, 0.7, -0.4}, want = 0.0, ret_dot = NAN;
        for (int i = 0; i < NCOEF; i++)
            want += cd[i] * table[i] * pow(t, i);
        real r = poly_at_jvp(c, cd, t, &ret_dot);
        CHECK_CLOSE("poly_at primal", r, poly_at(c, t), ORACLE_RTOL_EXACT, 0.0);
        CHECK_CLOSE("poly_at tangent closed form", ret_dot, want, ORACLE_RTOL_EXACT, 1e-15);
    }
    OracleRng rng = oracle_rng(8);
    OracleProblem p = {.name = "combo", .n = 3, .m = 1, .f = combo_flat, .jvp = combo_jvp_flat};
    oracle_check_jvp(&p, NULL, x, &rng, 4, 0);
    return oracle_result();
}
