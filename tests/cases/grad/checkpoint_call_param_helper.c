// EXPECT-NOT-STDERR: is not applied
/*
** grad/checkpoint_call_param_helper: '#pragma ad checkpoint' before a call
** inside a helper, where the callee writes through a pointer parameter of
** the helper, is applied: the state saved is the span the callee writes,
** computed over the callee's parameters and mapped to the call's
** arguments (inner's u[i] for i < n, n its parameter: n * sizeof(double)
** of the helper's u; smooth's inner(u, m) then u[i] for i < m, a callee of
** a callee; load's memcpy(u, w, m * sizeof *u)). It used to warn that the
** size was unknown and tape the call in full (probe16): written_span
** stopped at any call writing the class.
** Oracle: ORACLE_XN_CHECKS (central differences, jvp/vjp dot products,
** grad = vjp, empty tapes): a span saved too short would restore stale
** values into the rerun call and give a wrong gradient.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

static void inner(double *u, int n)
{
    for (int i = 0; i < n; i++) u[i] = u[i] * u[i] * 0.5 + cos(u[(i + 1) % n]);
}
static void outer(double *u, const double *x, int n)
{
    for (int i = 0; i < n; i++) u[i] += x[i];
#pragma ad checkpoint
    inner(u, n);
    for (int i = 0; i < n; i++) u[i] *= x[i];
}
double f(const double *x, int n)
{
    double s = 0, u[6];
    for (int i = 0; i < n; i++) u[i] = x[i] * 0.5;
    for (int t = 0; t < 3; t++) outer(u, x, n);
    for (int i = 0; i < n; i++) s += u[i];
    return s;
}

/* a callee calling a callee, and a memcpy of the parameter's first m */
static void smooth(double *u, int m)
{
    inner(u, m);
    for (int i = 0; i < m; i++) u[i] = 0.5 * u[i] + 0.25 * sin(u[i]);
}
static void load(double *u, const double *w, int m) { memcpy(u, w, (size_t)m * sizeof *u); }
static void stage(double *u, double *w, const double *x, int n)
{
    for (int i = 0; i < n; i++) w[i] = u[i] * x[i] + 0.1;
#pragma ad checkpoint
    smooth(u, n - 1);
#pragma ad checkpoint
    load(u, w, n);
    for (int i = 0; i < n; i++) u[i] += tanh(x[i] * u[i]);
}
double g(const double *x, int n)
{
    double s = 0, u[6], w[6];
    for (int i = 0; i < n; i++) u[i] = x[i] * x[i];
    for (int t = 0; t < 2; t++) stage(u, w, x, n);
    for (int i = 0; i < n; i++) s += u[i] * (i + 1);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#pragma ad grad(g) wrt(x[n])
#pragma ad vjp(g) wrt(x[n])
#pragma ad jvp(g) wrt(x)
#include "checkpoint_call_param_helper.ad.h"

ORACLE_XN_WRAPPERS(f, 6)
ORACLE_XN_WRAPPERS(g, 5)

int main(void)
{
    OracleRng rng = oracle_rng(4);
    ORACLE_XN_CHECKS(f, 6, rng);
    ORACLE_XN_CHECKS(g, 5, rng);
    return oracle_result();
}
