/*
** jac/hessian_ptr_array_pop: the hessian (jacfwd lanes over a reverse
** sweep) of a function that moves an element of an array of read-only
** pointers, const double *ps[2] = {A, B}; ... ps[0] = ps[1], after a
** nonlinear use: the reverse sweep saves ps[0] and ps_bar[0], and the
** widened tangent sweep saves their tangents ps_dot[0], ps_bar_dot[0]
** (arrays of pointers to rows of W lanes). Their pops are assigned through
** void * (an element's expression has the scalar element's type), and the
** array is zeroed by its own size, not W times the primal's. Before, the
** generated code did not compile under -Werror (assignment to
** 'double (*)[2]' from 'const double *'; memset past ps_bar_dot).
** Oracle: closed form, n = 2: s = 3 x0 x1 + 3 x1^2 x0;
** H = [[0, 3 + 6 x1], [3 + 6 x1, 6 x0]]; n = 3 adds 3 x1^2 x0 again.
*/
#include "ccad.h"
#include "ccad_oracle.h"

double h(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], x[0]};
    const double *ps[2] = {A, B};
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * ps[0][0] * ps[0][1];
        ps[0] = ps[1];
    }
    return s;
}
#pragma ad hessian(h) wrt(x[2])

#include "hessian_ptr_array_pop.ad.h"
int main(void)
{
    double x[2] = {0.3, -0.4}, H[4];
    for (int n = 2; n <= 3; n++) {
        double k = n - 1.0;   /* how many times B's term counts */
        double want[4] = {0.0, 3.0 + 6.0 * k * x[1], 3.0 + 6.0 * k * x[1], 6.0 * k * x[0]};
        h_hessian(x, n, H);
        CHECK_VEC_CLOSE("hessian", H, want, 4, ORACLE_RTOL_EXACT, 1e-14);
    }
    return oracle_result();
}
