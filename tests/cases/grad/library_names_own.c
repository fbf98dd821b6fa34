/* grad/library_names_own (probe16): functions of the program named like
** library functions that strict C11 leaves undeclared (exp10, y1, jn: GNU
** and POSIX names <math.h> declares only outside -std=c11), with bodies
** of their own. A call was taken for the library's by its name alone, its
** rule applied and the body ignored: with the rule exp10' = ln(10) exp10
** the gradient was silently wrong, with y1 and jn the generated code
** called y0 and yn, which strict C11 does not declare. A function with a
** body in the file now shadows the rule of its name for the run. Oracles:
** ORACLE_XN_CASE (central differences, dot-product test), and the hessian
** against its closed form. */
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

static double y1(double t) { return t * t * t; }
static double exp10(double t) { return 3.0 * t + sin(t); }
static double jn(int k, double t) { return k * t * t; }

double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += y1(x[i]) + exp10(x[i]) * jn(2, x[(i + 1) % n]);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#pragma ad hessian(f) wrt(x[n])
#include "library_names_own.ad.h"

ORACLE_XN_WRAPPERS(f, 5)

int main(void)
{
    OracleRng rng = oracle_rng(2);
    ORACLE_XN_CHECKS(f, 5, rng);
    /* n = 2: f = x0^3 + x1^3 + (3 x0 + sin x0) 2 x1^2 + (3 x1 + sin x1) 2 x0^2 */
    double x[2] = {0.4, -0.7}, H[4];
    f_hessian(x, 2, H);
    double a = x[0], b = x[1];
    double haa = 6 * a - sin(a) * 2 * b * b + (3 * b + sin(b)) * 4;
    double hab = (3 + cos(a)) * 4 * b + (3 + cos(b)) * 4 * a;
    double hbb = 6 * b + (3 * a + sin(a)) * 4 - sin(b) * 2 * a * a;
    double W[4] = {haa, hab, hab, hbb};
    CHECK_VEC_CLOSE("hessian closed form", H, W, 4, 1e-12, 1e-14);
    return oracle_result();
}
