/* grad/pow_zero_base (probe6): w = pow(a, b) with the base at 0 and an
** active exponent. The partial dw/db = pow(a, b) * log(a) is 0 * -inf =
** NaN there, though w = 0 for every b > 0 nearby, so dw/db = 0; JAX and
** PyTorch special-case it, and so does rules.def now (and dw/da = 0 where
** b = 0). g(a, b) = pow(a, b) + a * b at (0, 2): grad (2, 0), not (2, NaN);
** the hessian [[2, 1], [1, 0]], not NaN in every entry.
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double g(double a, double b)
{
    return pow(a, b) + a * b;
}

#pragma ad grad(g)
#pragma ad hessian(g)

#include "pow_zero_base.ad.h"

int main(void)
{
    double ga = 0.0, gb = 0.0, H[4];
    g_grad(0.0, &ga, 2.0, &gb);
    CHECK_CLOSE("dg/da at (0, 2)", ga, 2.0, 1e-14, 1e-14);
    CHECK_CLOSE("dg/db at (0, 2)", gb, 0.0, 1e-14, 1e-14);
    g_hessian(0.0, 2.0, H);
    CHECK_CLOSE("H[0][0]", H[0], 2.0, 1e-14, 1e-14);
    CHECK_CLOSE("H[0][1]", H[1], 1.0, 1e-14, 1e-14);
    CHECK_CLOSE("H[1][0]", H[2], 1.0, 1e-14, 1e-14);
    CHECK_CLOSE("H[1][1]", H[3], 0.0, 1e-14, 1e-14);
    return oracle_result();
}
