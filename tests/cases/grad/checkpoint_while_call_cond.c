/*
** grad/checkpoint_while_call_cond: checkpointed loops whose condition calls
** a function that updates the state, as fixed-point iterations are written:
** `while (sweep(u, p, n) > 1e-3 && it++ < 200)` (online schedule, 2
** snapshots, the counter stepped in the condition) and a do-while with a
** `break` in the body and the sweep in its condition. The condition's call
** is part of every iteration, and of the one that ends the loop.
** Requests: grad, vjp, jvp, hessian.
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients; the iteration counts do not change
** for h ~ 6e-6); hessian against central differences of grad (rtol 1e-6).
*/
#include <math.h>
#include "ccad_oracle.h"

/* one damped fixed-point sweep on the state; returns the size of the update */
static double sweep(double *u, const double *p, int n)
{
    double d = 0.0;
    for (int i = 0; i < n; i++) {
        double nu = 0.5 * cos(u[(i + 1) % n]) * p[i] + 0.25 * p[(i + 2) % n];
        d += fabs(nu - u[i]);
        u[i] = nu;
    }
    return d;
}

double f(const double *p, int n)
{
    double u[8] = {0};
    int it = 0;
    double s = 0.0;
#pragma ad checkpoint(snapshots=2)
    while (sweep(u, p, n) > 1e-3 && it++ < 200)
        s += 1e-3 * u[0];
#pragma ad checkpoint
    do {
        s += u[it % n] * u[it % n];
        if (s > 50.0) break;
        it += 3;
    } while (sweep(u, p, n) > 1e-6 && it < 400);
    for (int i = 0; i < n; i++)
        s += u[i] * p[i];
    return s;
}

#pragma ad grad(f) wrt(p[n])
#pragma ad vjp(f) wrt(p[n])
#pragma ad jvp(f) wrt(p[n])
#pragma ad hessian(f) wrt(p[n])

#include "checkpoint_while_call_cond.ad.h"

ORACLE_XN_WRAPPERS(f, 6)

int main(void)
{
    OracleRng rng = oracle_rng(1927);
    ORACLE_XN_CHECKS(f, 6, rng);
    double p[6], H[36], gp[6], gm[6];
    char label[64];
    oracle_fill_uniform(&rng, p, 6, -1.0, 1.0);
    f_hessian(p, 6, H);
    for (int j = 0; j < 6; j++) {
        double s = p[j], h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
        p[j] = s + h; f_grad(p, gp, 6);
        p[j] = s - h; f_grad(p, gm, 6);
        p[j] = s;
        for (int i = 0; i < 6; i++) {
            snprintf(label, sizeof label, "hessian[%d,%d]", i, j);
            oracle_check_close(label, H[i * 6 + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-7);
        }
    }
    return oracle_result();
}
