/*
** A call whose result overwrites what its own backward code reads: a state
** updated in place by a helper (s = step(s), as a time integrator writes
** it), an element of a buffer replaced by a reduction over the whole buffer
** (w[1] = smooth(w, n)), and a custom_vjp rule applied in place. The
** backward sweep must see the values from before the call; without the
** save, the gradient used the new ones (found by tests/fuzz, seed 1006).
** Oracles: central differences, the dot-product test with jvp, accumulation
** (ORACLE_XN_CASE).
*/
#include <math.h>
#include "ccad_oracle.h"

static double step(double u) { return u + 0.1 * sin(u) * u; }

static double smooth(const double *w, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += w[i] * w[(i + 1) % n];
    return tanh(s);
}

double softsq(double u) { return log1p(u * u); }
double softsq_vjp(double u, double *u_bar, double ret_bar) {
    *u_bar += ret_bar * 2 * u / (1 + u * u);
    return log1p(u * u);
}
#pragma ad custom_vjp(softsq, softsq_vjp)

double f(const double *x, int n) {
    double s = x[0];
    s = step(s);
    s = step(s + x[1]);
    s = softsq(s);
    double w[8];
    for (int i = 0; i < n; i++) w[i] = 0.5 * x[i] + 0.1;
    w[1] = smooth(w, n);
    w[2] = smooth(w, n) * w[2];
    return s + w[0] + w[1] * w[2];
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#include "selfcall.ad.h"

ORACLE_XN_CASE(f, 4, 1006)
