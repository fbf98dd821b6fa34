/*
** jvp/init_math: a local array initialised with a brace list whose
** elements call <math.h> on active values, as in
**     double u[3] = {x[i], a * x[i + 1], sin(x[i + 2])};
** Regression: jvp stopped with "internal: math call not normalised" (the
** tangent of an initialiser list did not compute its math calls first).
** Oracles: ORACLE_XN_CASE (central differences, dot-product test with vjp,
** grad against vjp).
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Pair {
    double c, e;
} Pair;

double f(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i + 2 < n; i++) {
        double u[3] = {x[i], 0.5 * x[i + 1], sin(x[i + 2])};
        Pair p = {cos(u[0] * u[1]), exp(0.3 * u[2])};
        s += u[0] * u[2] + p.c * p.e;
    }
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "init_math.ad.h"

ORACLE_XN_CASE(f, 6, 1407)
