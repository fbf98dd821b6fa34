/*
** grad/goto_loop_forms: reverse mode through loops written as backward
** gotos: a labelled compound statement closed by `if (++i < 2 * n) goto
** L1;` with an inner for whose break binds inside and a forward goto out
** of the loop, then `L5: ...; if (k < n) { goto L5; }`; g enters the first
** loop by a forward goto to its head label (f does not).
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients).
*/
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x, int n)
{
    double s = 0.0, t = x[0];
    int i = 0, k = 0;
    if (x[1] > 5.0)
        goto L1;            /* a forward goto to the loop's head (never taken here) */
    s = 0.5 * x[2];
L1: {
        s += t * x[i % n];
        for (int j = 0; j < n; j++) {
            if (j > i) break;          /* binds to the inner for */
            s += 0.01 * x[j] * s;
        }
        if (s > 1e6) goto L9;          /* forward, out of the loop */
        t = cos(t) + 0.1 * x[(i + 1) % n];
    }
    if (++i < 2 * n) goto L1;
    k = 0;
L5:
    s = 0.9 * s + sin(s) * x[k];
    k += 2;
    if (k < n) {
        goto L5;
    }
L9:
    return s + t;
}

double g(const double *x, int n)   /* the head taken: x[1] shifted past 5 */
{
    double y[16];
    for (int i = 0; i < n; i++) y[i] = x[i];
    y[1] += 6.0;
    return f(y, n);
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#pragma ad grad(g) wrt(x[n])
#pragma ad vjp(g) wrt(x[n])
#pragma ad jvp(g) wrt(x[n])

#include "goto_loop_forms.ad.h"

ORACLE_XN_WRAPPERS(f, 7)
ORACLE_XN_WRAPPERS(g, 7)

int main(void)
{
    OracleRng rng = oracle_rng(1935);
    ORACLE_XN_CHECKS(f, 7, rng);
    ORACLE_XN_CHECKS(g, 7, rng);
    return oracle_result();
}
