/*
** grad/f2c_statics: a MINPACK-style objective as f2c writes it: every
** local is static, the pointer parameter is shifted for 1-based loops,
** and a helper keeps its own statics (enorm's sums). A static that is
** written before it is read on every path (the loop's t, the sums, r)
** carries no state between calls, so its derivative is an ordinary local
** (a note says so); see diag/static_local for one that does carry state.
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*), and hessian against differences of grad.
*/
#include <math.h>

#include "ccad_oracle.h"

static double enorm2(int n, const double *x)
{
    static double s1, t;
    static int i;
    --x;
    s1 = 0.;
    for (i = 1; i <= n; ++i) {
        if (x[i] > 0.) {
            t = x[i] * x[i];
        } else {
            t = sin(x[i]) * x[i];
        }
        s1 += t;
    }
    return s1;
}

double f(const double *x, int n)
{
    static double r, w;
    static int k;
    r = enorm2(n, x);
    for (k = 0; k < n; ++k) {
        w = x[k] * (double)(k + 1);
        r += exp(-w * w);
    }
    return r * r;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#pragma ad hessian(f) wrt(x[n])

#include "f2c_statics.ad.h"

ORACLE_XN_WRAPPERS(f, 6)

int main(void)
{
    OracleRng rng = oracle_rng(11);
    ORACLE_XN_CHECKS(f, 6, rng);
    /* the Hessian's columns against central differences of the gradient */
    double x[6], H[36], gp[6], gm[6];
    oracle_fill_uniform(&rng, x, 6, -1.0, 1.0);
    f_hessian(x, 6, H);
    for (int j = 0; j < 6; j++) {
        double h = 1e-5, xp[6], xm[6];
        for (int i = 0; i < 6; i++) xp[i] = xm[i] = x[i];
        xp[j] += h;
        xm[j] -= h;
        f_grad(xp, gp, 6);
        f_grad(xm, gm, 6);
        for (int i = 0; i < 6; i++)
            oracle_check_close("hessian column", H[i * 6 + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-6);
    }
    return oracle_result();
}
