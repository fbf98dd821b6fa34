/*
** jac/jacrev_const_local: a const local matrix (const double M[2][2] =
** {{3, 2}, {2, 7}}, seed 002's quad_fun) and a const local struct in a
** function differentiated by jacrev, whose sweeps are split: the locals live
** in a frame filled by assignments, which was declared with const elements
** (const double (*M)[2][2]) and did not compile. Oracle: closed forms
** (quadratic and product, exact up to rounding: 1e-12 relative).
*/
#include <math.h>
#include "ccad_oracle.h"

typedef struct { double c0, c1; } Ctr;

void quad(const double *x, double *y)
{
    const double M[2][2] = {{3, 2}, {2, 7}};
    const Ctr c = {3, 7};
    double d[2] = {x[0] - c.c0, x[1] - c.c1};
    double s = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            s += d[i] * M[i][j] * d[j];
    y[0] = -(s - 2);
    y[1] = M[1][0] * x[0] * x[1];
}

#pragma ad jacrev(quad) wrt(x[2]) out(y[2])
#pragma ad jacfwd(quad) wrt(x[2]) out(y[2])

#include "jacrev_const_local.ad.h"

int main(void)
{
    const double x[2] = {0.5, -1.25};
    const double d0 = x[0] - 3, d1 = x[1] - 7;
    const double Jw[4] = {-2 * (3 * d0 + 2 * d1), -2 * (2 * d0 + 7 * d1), 2 * x[1], 2 * x[0]};
    double y[2], J[4], Jf[4];
    quad_jacrev(x, y, J);
    quad_jacfwd(x, y, Jf);
    CHECK_VEC_CLOSE("jacrev with const local matrix", J, Jw, 4, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jacfwd with const local matrix", Jf, Jw, 4, 1e-12, 1e-14);
    CHECK_CLOSE("primal", y[1], 2 * x[0] * x[1], 1e-15, 0);
    return oracle_result();
}
