/* OPEN (probe8): SILENTLY WRONG: fmax/fmin with a NaN argument return the
** other argument (C11 7.12.12: NaN is treated as missing data), but the
** derivative is taken from the NaN side: for f = fmax(x0, c) + fmin(c, x1)
** + 2*fmax(c, x0) + 3*fmin(x1, c) with c = NAN (a parameter outside wrt,
** the "missing value" of a data set, or fmax(v, 0) guarding a NaN), f is
** x0 + x1 + 2*x0 + 3*x1 and the gradient is (3, 4); grad gives (2, 1) and
** jvp/jacfwd likewise drop the returned argument's tangent (the selection
** compares with the NaN, and every comparison with NaN is false). The
** manual: "fmin and fmax take the derivative of the argument they return
** (the first one at a tie)"; contract section 4: every differentiable
** function of <math.h>; "The tool never emits code that silently computes
** a wrong derivative". Expected: (3, 4) in every mode; got (2, 1).
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w fmax_nan_argument.c */
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
    return oracle_result();
}
