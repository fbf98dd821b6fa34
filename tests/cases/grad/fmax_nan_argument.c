/* fmax/fmin with a NaN argument return the other argument (C11 7.12.12:
** NaN is missing data), so their derivative is the other argument's: for
** f = fmax(x0, c) + fmin(c, x1) + 2*fmax(c, x0) + 3*fmin(x1, c) with c = NAN
** (a parameter outside wrt), f = 3 x0 + 4 x1 and the gradient is (3, 4) in
** grad, jvp and jacfwd; cc-ad's rules compared with the NaN (false) and
** took the NaN side's derivative, (2, 1). A finite c keeps the rule: the
** argument returned, the first one at a tie (c = 1: (0, 4); c = x0: (1, 4)).
** Oracle: closed forms, exact. */
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x, double c)
{
    return fmax(x[0], c) + fmin(c, x[1]) + 2.0 * fmax(c, x[0]) + 3.0 * fmin(x[1], c);
}

#pragma ad grad(f) wrt(x[2])
#pragma ad jvp(f) wrt(x)
#pragma ad jacfwd(f) wrt(x[2])

#include "fmax_nan_argument.ad.h"

int main(void)
{
    double x[2] = {0.5, -0.25}, g[2], J[2], c = NAN;
    double v = f_grad(x, g, c);
    CHECK_CLOSE("primal", v, 3 * 0.5 + 4 * -0.25, 0, 0);
    CHECK_CLOSE("grad d/dx0", g[0], 3.0, 0, 0);
    CHECK_CLOSE("grad d/dx1", g[1], 4.0, 0, 0);
    f_jacfwd(x, c, J);
    CHECK_CLOSE("jacfwd d/dx0", J[0], 3.0, 0, 0);
    CHECK_CLOSE("jacfwd d/dx1", J[1], 4.0, 0, 0);
    for (int j = 0; j < 2; j++) {
        double xd[2] = {0, 0}, d;
        xd[j] = 1;
        f_jvp(x, xd, c, &d);
        CHECK_CLOSE("jvp", d, j == 0 ? 3.0 : 4.0, 0, 0);
    }
    double cs[2] = {1.0, 0.5}, want0[2] = {0.0, 1.0};
    for (int k = 0; k < 2; k++) {
        f_grad(x, g, cs[k]);
        CHECK_CLOSE("finite c: d/dx0", g[0], want0[k], 0, 0);
        CHECK_CLOSE("finite c: d/dx1", g[1], 4.0, 0, 0);
        f_jacfwd(x, cs[k], J);
        CHECK_CLOSE("finite c: jacfwd d/dx0", J[0], want0[k], 0, 0);
    }
    return oracle_result();
}
