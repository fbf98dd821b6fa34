/*
** jac/empty_dims: Jacobians with no
** input or no output columns/rows at run time. Contract section 3: jacfwd
** and jacrev "return what f returns" and every generated function "has
** all the side effects of f".
**     double c(const double *x, double *y, int n, int m)
**     jacfwd(c) wrt(x[n]) out(y[m]),  jacrev(c) wrt(x[n]) out(y[m])
** Regression (fixed): c_jacfwd with n = 0 made zero forward sweeps and so
** never evaluated c: it returned 0 instead of c's value 2.5 and leaves y unwritten (y = {0,
** 2.5} expected). c_jacrev with m = 0 likewise made zero reverse sweeps
** and returned 0 instead of 3.5. (The sweep loop in the generated wrapper,
** for (sweep = 0; sweep < n_in; sweep++), is the only place the primal
** runs; with no sweeps it should still run once, or run the primal.)
*/
#include <math.h>

#include "ccad_oracle.h"

double c(const double *x, double *y, int n, int m)
{
    double s = 2.5;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    for (int j = 0; j < m; j++)
        y[j] = s * j;
    return s;
}

#pragma ad jacfwd(c) wrt(x[n]) out(y[m])
#pragma ad jacrev(c) wrt(x[n]) out(y[m])

#include "empty_dims.ad.h"

int main(void)
{
    double x[1] = {1.0}, y[2] = {-1.0, -1.0}, jac[2] = {0.0, 0.0};
    const double ywant[2] = {0.0, 2.5};
    double r = c_jacfwd(x, y, 0, 2, jac);
    CHECK_CLOSE("c_jacfwd with n = 0 returns c", r, 2.5, 0.0, 0.0);
    CHECK_VEC_CLOSE("c_jacfwd with n = 0 writes y", y, ywant, 2, 0.0, 0.0);
    r = c_jacrev(x, y, 1, 0, jac);
    CHECK_CLOSE("c_jacrev with m = 0 returns c", r, 3.5, 0.0, 0.0);
    /* the ordinary case still works */
    r = c_jacfwd(x, y, 1, 2, jac);
    const double jwant[2] = {0.0, 2.0};
    CHECK_CLOSE("c_jacfwd n = 1, m = 2 returns c", r, 3.5, 0.0, 0.0);
    CHECK_VEC_CLOSE("c_jacfwd n = 1, m = 2", jac, jwant, 2, ORACLE_RTOL_EXACT, 0.0);
    return oracle_result();
}
