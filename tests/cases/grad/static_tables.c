/*
** grad/static_tables: constant tables at file scope, the way numerical C
** keeps them: FILE.c's own static const Butcher tableau whose rows are
** other static const arrays (copied into FILE.ad.c after the rows they
** name: they came before them and did not compile), a struct table with
** designators, a constant of an untagged struct type (it printed
** 'struct  damping'), a Gauss-Legendre table in a header without include guard
** that needs FILE.c's '#define REAL double' and GL_N (FILE.ad.c repeats
** those #define lines before the #include, and FILE.ad.h does not include
** the header again: it was defined twice), a table header included twice
** with other macros (#undef and #define again in between), a static const
** struct from
** a header given with -include (FILE.ad.c is compiled with the same flags),
** and a header's static helpers that FILE.ad.c does not use itself (their
** unused-static warnings are off around FILE.ad.c's #include lines).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
// CFLAGS: -include static_tables_pre.h
#define REAL double
#define GL_N 5
#include <math.h>
#include "static_tables_gauss.h"
#include "static_tables_util.h"
#define COEF_NAME lo_coef
#define COEF_SCALE 1.0
#include "static_tables_coef.h"
#undef COEF_NAME
#undef COEF_SCALE
#define COEF_NAME hi_coef
#define COEF_SCALE 2.0
#include "static_tables_coef.h"

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct { double c, b; } Stage;

static const double rk_a1[1] = {0.5};
static const double rk_a2[2] = {0.0, 0.5};
static const double rk_a3[3] = {0.0, 0.0, 1.0};
static const double *const rk_a[4] = {NULL, rk_a1, rk_a2, rk_a3};
static const struct { double k0, k1; } damping = {0.5, 1.0};  /* an untagged type */
static const Stage rk_stage[4] = {{0.0, 1.0 / 6}, {.b = 1.0 / 3, .c = 0.5}, {0.5, 1.0 / 3}, {1.0, 1.0 / 6}};

/* the integral over [a, b] of exp(-k t) sin(w t), by Gauss-Legendre */
static REAL quad(REAL k, REAL w, REAL a, REAL b)
{
    REAL h = 0.5 * (b - a), m = 0.5 * (a + b), s = 0;
    for (int q = 0; q < GL_N; q++) {
        REAL t = m + h * gl_x[q];
        s += gl_w[q] * exp(-k * t) * sin(w * t);
    }
    return h * s;
}

/* RK4 for y' = -k y + sin(t), one y per input, then a quadrature term */
double f(const double *x, int n)
{
    double s = 0;
    double dt = (horizon.t1 - horizon.t0) / horizon.nsteps;
    for (int i = 0; i < n; i++) {
        double k = damping.k1 * sqr(x[i]) + damping.k0, y = x[(i + 1) % n];
        for (int step = 0; step < horizon.nsteps; step++) {
            double t = horizon.t0 + step * dt, kk[4];
            for (int st = 0; st < 4; st++) {
                double yst = y;
                for (int j = 0; j < st; j++)
                    yst += dt * rk_a[st][j] * kk[j];
                kk[st] = -k * yst + sin(t + rk_stage[st].c * dt);
            }
            for (int st = 0; st < 4; st++)
                y += dt * rk_stage[st].b * kk[st];
        }
        s += y * y + quad(k, 1.0 + x[i], 0.0, 2.0) + lo_coef[i % 3] * x[i] + hi_coef[(i + 1) % 3] * y;
    }
    return s;
}

int set_verbose(int v)
{
    verbose = v;
    return verbose;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "static_tables.ad.h"

ORACLE_XN_CASE(f, 6, 9)
