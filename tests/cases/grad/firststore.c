/*
** grad/firststore: grad zeroes its gradient array on entry; when the first
** backward code that touches it is a loop over all of [0, n) adding into
** x_bar[i] once per index, cc-ad stores instead and drops the memset
** (simplify_accum.c). Each function here is one way that must hold or must
** keep the memset and the adds; oracle_check_grad fills the gradient
** array with garbage before each call, so an element left unwritten fails:
**   dot:      the whole range, the rewrite applies;
**   partial:  a loop over [0, n - 1), the last element must still be 0;
**   shifted:  x_bar[i + 1] (not the counter), memset kept;
**   twice:    a loop over all elements, then a second one adding more;
**   branch:   the add under an if (an element may be skipped);
**   early:    the first touch is a helper's backward code, not a loop;
**   step2:    a loop with step 2 (odd elements untouched).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 9

double dot(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * (1.0 + 0.1 * i);
    return sin(s);
}

double partial(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n - 1; i++)
        s += x[i] * x[i];
    return s;
}

double shifted(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n - 1; i++)
        s += exp(0.3 * x[i + 1]);
    return s;
}

double twice(const double *x, int n)
{
    double s = 0.0, t = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i];
    for (int i = 0; i < n; i++)
        t += x[i] * x[i] * s;
    return t;
}

double branch(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        if (x[i] > 0.0)
            s += x[i] * x[i];
    return s;
}

static double head(const double *x) { return x[0] * x[1]; }

double early(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += cos(x[i]);
    return s + head(x);
}

double step2(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i += 2)
        s += x[i] * x[i] * x[i];
    return s;
}

#pragma ad grad(dot) wrt(x[n])
#pragma ad vjp(dot) wrt(x[n])
#pragma ad jvp(dot) wrt(x[n])
#pragma ad grad(partial) wrt(x[n])
#pragma ad vjp(partial) wrt(x[n])
#pragma ad jvp(partial) wrt(x[n])
#pragma ad grad(shifted) wrt(x[n])
#pragma ad vjp(shifted) wrt(x[n])
#pragma ad jvp(shifted) wrt(x[n])
#pragma ad grad(twice) wrt(x[n])
#pragma ad vjp(twice) wrt(x[n])
#pragma ad jvp(twice) wrt(x[n])
#pragma ad grad(branch) wrt(x[n])
#pragma ad vjp(branch) wrt(x[n])
#pragma ad jvp(branch) wrt(x[n])
#pragma ad grad(early) wrt(x[n])
#pragma ad vjp(early) wrt(x[n])
#pragma ad jvp(early) wrt(x[n])
#pragma ad grad(step2) wrt(x[n])
#pragma ad vjp(step2) wrt(x[n])
#pragma ad jvp(step2) wrt(x[n])

#include "firststore.ad.h"

ORACLE_XN_WRAPPERS(dot, N)
ORACLE_XN_WRAPPERS(partial, N)
ORACLE_XN_WRAPPERS(shifted, N)
ORACLE_XN_WRAPPERS(twice, N)
ORACLE_XN_WRAPPERS(branch, N)
ORACLE_XN_WRAPPERS(early, N)
ORACLE_XN_WRAPPERS(step2, N)

int main(void)
{
    OracleRng rng = oracle_rng(17);
    ORACLE_XN_CHECKS(dot, N, rng);
    ORACLE_XN_CHECKS(partial, N, rng);
    ORACLE_XN_CHECKS(shifted, N, rng);
    ORACLE_XN_CHECKS(twice, N, rng);
    ORACLE_XN_CHECKS(branch, N, rng);
    ORACLE_XN_CHECKS(early, N, rng);
    ORACLE_XN_CHECKS(step2, N, rng);
    return oracle_result();
}
