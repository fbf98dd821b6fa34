/* Pointers to active local scalars in the vector sweeps of jacfwd and
** hessian (lanes innermost: a scalar a has the row `double a_dot[W]`):
** `double *pa = &a;` gives the row pointer `pa_dot = &a_dot`, once for all
** lanes; cc-ad set it per lane to &a_dot[lane] (an incompatible pointer, and
** the sweep read and wrote rows shifted by the lane). The shapes: a pointer
** to a local updated through it, an accumulator through a pointer, ?: of
** two addresses, a pointer to that pointer, an array of pointers to locals.
** Oracle: closed forms. f = x0^2 x1^2 + x2 + max(x0, x1) (x0 < x1 here)
** + sum over k of x2 x_k + x0 x2 + x1 x2. */
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x)
{
    double a = x[0];
    double *pa = &a;
    *pa *= x[1];
    double acc = 0, *pacc = &acc;
    for (int k = 0; k < 3; k++) *pacc += x[2] * x[k];
    double b = x[0], c = x[1];
    double *big = b > c ? &b : &c;
    double **ppa = &pa;
    double *two[2] = {&b, &c};
    double s = 0;
    for (int k = 0; k < 2; k++) s += *two[k] * x[2];
    return **ppa * a + x[2] + *big + acc + s;
}

#pragma ad jacfwd(f) wrt(x[3])
#pragma ad hessian(f) wrt(x[3])

#include "lanes_pointer_to_local.ad.h"

int main(void)
{
    double x[3] = {0.5, -1.5, 2.0}, J[3], H[9];
    x[1] = 1.5;  /* x0 < x1: *big is x1 */
    double a = x[0] * x[1];
    /* f = x0^2 x1^2 + x2 + x1 + x2 (x0 + x1 + x2) + x2 (x0 + x1) */
    double JW[3] = {2 * a * x[1] + 2 * x[2], 2 * a * x[0] + 1 + 2 * x[2], 1 + 2 * x[0] + 2 * x[1] + 2 * x[2]};
    double HW[9] = {2 * x[1] * x[1], 4 * x[0] * x[1], 2,
                    4 * x[0] * x[1], 2 * x[0] * x[0], 2,
                    2, 2, 2};
    f_jacfwd(x, J);
    CHECK_VEC_CLOSE("jacfwd", J, JW, 3, 1e-12, 1e-14);
    f_hessian(x, H);
    CHECK_VEC_CLOSE("hessian", H, HW, 9, 1e-12, 1e-14);
    CHECK_CLOSE("primal", f(x), a * a + x[2] + x[1] + x[2] * (x[0] + x[1] + x[2]) + x[2] * (x[0] + x[1]), 1e-12, 1e-14);
    return oracle_result();
}
