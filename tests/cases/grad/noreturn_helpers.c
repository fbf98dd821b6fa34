/* Helpers that do not return (_Noreturn defined here, static _Noreturn,
   __attribute__((noreturn)) and _Noreturn only declared here), called where
   a function returns on every valid path (after a switch, after ifs): FILE.ad.c
   declared and copied them without the attribute, so its copies of the
   callers (pick_jvp, pick_fwd...) failed -Wall -Wextra -Werror with "control
   reaches end of non-void function" and "may be used uninitialized". The
   declarations and copies now say CCAD__NORETURN (ccad.h: the compiler's
   spelling). Oracle: ORACLE_XN_CASE (differences, dot-product test). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "ccad_oracle.h"

_Noreturn void fatal(const char *m) { fprintf(stderr, "%s\n", m); exit(3); }
_Noreturn static void sfatal(int c) { exit(c); }
__attribute__((noreturn)) void gfatal(void);
_Noreturn void xfatal(void);

static double pick(int k, double v)
{
    switch (k) {
    case 0: return sin(v);
    case 1: return v * v;
    case 2: return exp(v);
    }
    fatal("bad k");
}
static double pick2(int k, double v)
{
    if (k == 0) return v * 3;
    if (k == 1) return cos(v);
    sfatal(4);
}
static double pick3(int k, double v)
{
    if (k >= 0) return v * v * v;
    gfatal();
}
static double pick4(int k, double v)
{
    if (k >= 0) return v * 2;
    xfatal();
}
double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += pick(i % 3, x[i]) * pick2(i % 2, x[i]) + pick3(i, x[i]) + pick4(i, x[i]);
    return s;
}
#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#pragma ad hessian(f) wrt(x[n])
#include "noreturn_helpers.ad.h"
void gfatal(void) { exit(5); }
void xfatal(void) { exit(6); }
ORACLE_XN_CASE(f, 5, 3)
