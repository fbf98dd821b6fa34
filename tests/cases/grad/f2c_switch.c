/*
** grad/f2c_switch: f2c-style static locals (every local static) inside a
** switch, as MINPACK's test problem selectors use them. t is stored on
** every path into the switch (case 1 falls through to the store of the
** default), so it carries no state between calls and its derivative is an
** ordinary local (a note says so; see diag/static_local_switch for
** statics a switch does not store on every path, which stay errors).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*), the hessian against differences of grad.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double f(const double *x, int n)
{
    static double s, t;
    static int k;

    /* Parameter adjustments */
    --x;

    s = 0.;
    for (k = 1; k <= n; ++k) {
        switch (k % 3) {
        case 0:
            t = sin(x[k]);
            break;
        case 1:
            s += x[k] * x[k];
            /* fall through */
        default:
            t = cos(x[k]) * x[k];
            break;
        }
        s += t * t * x[n + 1 - k];
    }
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "f2c_switch.ad.h"

ORACLE_XN_CASE(f, 7, 31)
