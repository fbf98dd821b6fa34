/*
** jvp/div_scale: the tangent of a quotient u / v where v * v leaves the
** double range while u / v and its derivatives do not: astronomical and
** atomic scales in one formula (|v| > 1e154: v * v overflows to inf, |v| <
** 1e-162: v * v underflows to 0). With the rule u_dot / v - u v_dot / v^2
** the v_dot term came out 0 (overflow) or inf/NaN (underflow); d(u / v) =
** (u_dot - (u / v) v_dot) / v stays in range. Oracle: the closed form
** (1 / v, -u / v^2 evaluated as -(u / v) / v) at ORACLE_RTOL_EXACT, and
** jacfwd of the same function against it.
*/
#include <math.h>

#include "ccad_oracle.h"

double ratio(double u, double v)
{
    return u / v;
}

void ratios(const double *x, double *y)
{
    y[0] = x[0] / x[1];
    y[1] = x[1] / x[0];
}

#pragma ad jvp(ratio) wrt(u, v)
#pragma ad jacfwd(ratios) wrt(x[2]) out(y[2])

#include "div_scale.ad.h"

int main(void)
{
    static const double uv[3][2] = {{1e200, 1e160}, {1e-170, 1e-165}, {3.0, -7.0}};
    for (int k = 0; k < 3; k++) {
        double u = uv[k][0], v = uv[k][1], r = u / v, d;
        double y = ratio_jvp(u, 1.0, v, 0.0, &d);
        CHECK_CLOSE("ratio value", y, r, 0.0, 0.0);
        CHECK_CLOSE("d(u/v)/du = 1/v", d, 1.0 / v, ORACLE_RTOL_EXACT, 0.0);
        ratio_jvp(u, 0.0, v, 1.0, &d);
        CHECK_CLOSE("d(u/v)/dv = -(u/v)/v", d, -r / v, ORACLE_RTOL_EXACT, 0.0);

        double x[2] = {u, v}, yy[2], J[4];
        ratios_jacfwd(x, yy, J);
        CHECK_CLOSE("jacfwd d y0/d x0", J[0], 1.0 / v, ORACLE_RTOL_EXACT, 0.0);
        CHECK_CLOSE("jacfwd d y0/d x1", J[1], -r / v, ORACLE_RTOL_EXACT, 0.0);
        CHECK_CLOSE("jacfwd d y1/d x0", J[2], -(v / u) / u, ORACLE_RTOL_EXACT, 0.0);
        CHECK_CLOSE("jacfwd d y1/d x1", J[3], 1.0 / u, ORACLE_RTOL_EXACT, 0.0);
    }
    return oracle_result();
}
