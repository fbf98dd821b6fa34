/*
** grad/cforms: C forms a user writes without thinking of AD, in reverse
** and forward mode: a loop with two counters stepped by a comma
** expression, a countdown whose condition decrements (`k-- > 0`), `const`
** locals in a loop body and one initialised by a call (regression: reverse
** mode declares them once and assigns them later, which did not compile
** while they stayed const), `register`, nested
** calls as arguments, and a pointer chosen by `?:` (regression: its adjoint
** pointer was left null and the backward sweep wrote through it).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>
#include <stddef.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static inline double sq(double v) { return v * v; }
static double g(double a) { return sin(a) * 2.0; }
static double h(double a, double b) { return a * exp(-b * b); }

double f(const double *x, int n)
{
    double s = 0;
    int i, j;
    for (i = 0, j = n - 1; i < j; i++, j--)
        s += x[i] * x[j];
    for (size_t k = (size_t)n; k-- > 0;)
        s += 0.1 * sq(x[k]);
    for (int m = 0; m < n; m++) {
        const double u = x[m] * 2.0;  /* const locals in a loop body */
        const double v = sin(u);
        s += 0.01 * u * v;
    }
    const double c = h(g(x[0]), g(x[1]));
    register double t = c * 3.0;
    const double *pick = x[2] > 0 ? &x[3] : &x[4];
    s += t + *pick * 0.5;
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "cforms.ad.h"

ORACLE_XN_CASE(f, 7, 13)
