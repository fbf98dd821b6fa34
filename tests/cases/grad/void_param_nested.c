/*
** grad/void_param_nested: a helper that silences an unused parameter with
** (void)n; after an early return, as callbacks written against a fixed
** interface do (cminpack's fcn(p, m, n, x, fvec, fjac, ldfjac, iflag)).
** Reverse mode makes the control flow single-exit, which nests the
** statements after the return, the (void)n; with them; the generated helper, whose n nothing reads, loses
** the parameter. Regression: the (void)n; inside the nested block stayed
** behind and the generated code did not compile ('n' undeclared).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static double term(const double *x, int n, int k)
{
    if (k < 0) {
        return 0.0;
    }
    double t = sin(x[k]) * x[k + 1];
    (void) n;
    return t;
}

double f(const double *x, int n)
{
    double s = 0.0;
    for (int k = -1; k + 1 < n; k++)
        s += term(x, n, k);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "void_param_nested.ad.h"

ORACLE_XN_CASE(f, 5, 594)
