// CFLAGS: -O2
/* MINPACK's and f2c's 1-based helpers shift their pointer parameters
** (--x;). Their forward sweeps pushed the shifted pointers for the
** backward sweeps, and with the caller's local arrays inlined gcc -O2 saw
** &r[-1] escape (-Warray-bounds, an error under -Werror) where the user's
** own code is clean. g_bwd gets the same arguments, so it now shifts them
** again instead of popping them. Compiled with -O2, one request (with a
** second caller gcc no longer inlines the helper's sweeps); oracle: the
** closed form of the gradient. (The hessian's lane sweeps: jac/shift_o2.) */
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

static double enorm(int n, const double *x)
{
    double s = 0.0;
    --x;
    for (int i = 1; i <= n; ++i)
        s += x[i] * x[i];
    return sqrt(s);
}

double obj(const double *p)
{
    double r[4];
    for (int i = 0; i < 4; i++)
        r[i] = p[0] * exp(-p[1] * (i + 1)) - 1.0 / (i + 1);
    return enorm(4, r);
}

#pragma ad grad(obj) wrt(p[2])

#include "shift_param_o2.ad.h"

int main(void)
{
    double p[2] = {1.3, 0.4}, g[2];
    double f = obj_grad(p, g);
    /* d|r|/dp = J^T r / |r|, J[i] = (e^{-b i}, -a i e^{-b i}) */
    double want[2] = {0, 0};
    for (int i = 1; i <= 4; i++) {
        double e = exp(-p[1] * i), ri = p[0] * e - 1.0 / i;
        want[0] += e * ri / f;
        want[1] += -p[0] * i * e * ri / f;
    }
    CHECK_CLOSE("d/da", g[0], want[0], ORACLE_RTOL_EXACT, 1e-15);
    CHECK_CLOSE("d/db", g[1], want[1], ORACLE_RTOL_EXACT, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
