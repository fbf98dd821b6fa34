/* grad/static_const_table (probe6): a helper holding a constant table as a
** static const local (a Butcher tableau, quadrature weights). Reverse mode
** split the helper and put a 2-D table in a frame filled element by
** element, keeping const (did not compile), and refused a pointer into a
** 1-D one as state kept between calls. A static's initializer now stays in
** its declaration, and a static const table is each sweep's own, the same.
** Oracle: differences (jvp, vjp, grad).
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

static double stage(const double *y, double h)
{
    static const double a[2][2] = {{0.5, 0.25}, {0.125}};
    return h * (a[0][0] * y[0] + a[1][0] * sin(y[1])) + a[0][1] * y[0];
}

static double weights(const double *y)
{
    static const double w[3] = {0.5, 0.25, 0.125};
    const double *p = &w[0];
    return p[0] * y[0] + p[1] * sin(y[1]) + p[2] * y[0] * y[1];
}

double rk(const double *y, int n)
{
    double s = stage(y, 0.1) * stage(y, 0.2);
    for (int i = 0; i + 1 < n; i++)
        s += weights(y + i) * y[i + 1];
    return s;
}

#pragma ad grad(rk) wrt(y[n])
#pragma ad vjp(rk) wrt(y[n])
#pragma ad jvp(rk) wrt(y[n])

#include "static_const_table.ad.h"

ORACLE_XN_CASE(rk, 4, 9)
