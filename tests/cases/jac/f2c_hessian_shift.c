// CFLAGS: -O2
/* f2c's 1-based indexing (`--x;` then x[1..n]) under hessian, compiled at
** -O2: the hessian's sweep zeroes its gradient (memset(x_bar, ...)) and
** then shifts it with x (x_bar--, x_bar_dot--); the shift of a pointer to
** the driver's local array, once gcc inlines the sweep, is -Warray-bounds
** ("array subscript -5 is outside array bounds of 'double[5][5]'"), an
** error under -Werror. simplify_shift.c folds the shift into the indexes
** after a use of the pointer as passed, too (x_bar[j - 1]). Oracle: the
** Hessian's closed form. */
#include <math.h>
#include "ccad_oracle.h"

double objfn(double *x, const double *c)
{
    double s = 0;
    --x;
    for (int j = 1; j <= 5; ++j) s += exp(*c * x[j]) * x[j];
    return s;
}

#pragma ad hessian(objfn) wrt(x[5])

#include "f2c_hessian_shift.ad.h"

int main(void)
{
    double x[5] = {0.1, 0.2, -0.3, 0.4, 0.5}, c = 0.7, H[25];
    objfn_hessian(x, &c, H);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            double e = exp(c * x[i]);
            CHECK_CLOSE("hessian", H[i * 5 + j], i == j ? e * (2 * c + c * c * x[i]) : 0.0, 1e-12, 1e-14);
        }
    return oracle_result();
}
