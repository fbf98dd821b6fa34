/* OPEN (probe6): NaN derivative where the derivative exists, grad / vjp /
** jvp and, spreading, every entry of hessian. For w = pow(a, b) with an
** active exponent b, the generated code uses dw/db = pow(a, b) * log(a),
** which at a = 0 (b > 0) is 0 * -inf = NaN, though w = 0 for all b > 0
** near there, so dw/db = 0 (JAX and PyTorch special-case it: log of the
** base replaced where the base is 0). g(a, b) = pow(a, b) + a * b at
** (0, 2): g_grad gives (2, NaN) instead of (2, 0); g_hessian gives NaN in
** all four entries, d2g/da2 = b (b - 1) a^(b-2) = 2 included, instead of
** [[2, 1], [1, 0]]. A base at 0 is ordinary data (a ReLU output, a count,
** a probability) under a learnable exponent (generalised-mean pooling,
** Box-Cox, Tweedie losses). The manual ("Singular derivative formulas are
** not special-cased: the derivative of sqrt at 0 is infinite") covers
** derivatives that are infinite, not this one, which is finite (0).
** Expected: dw/db = 0 where a == 0 and b > 0 (and no NaN in the other
** entries).
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/pow_zero_base.c
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
