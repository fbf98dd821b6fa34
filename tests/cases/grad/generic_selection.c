/* C11 generic selections in the differentiated code (contract: one C11
** translation unit; macros as numerical code writes them): a type-generic
** square in a user macro (SQ: _Generic((v), float: sqf, default: sqd)(v),
** the idiom <tgmath.h> popularised) was refused with clang's class name.
** _Generic is resolved at compile time, so each selection is the
** association it selects: a function by its type (SQ), a constant by its
** value, same-typed expressions by the type names (basic types, a typedef
** of FILE.c). Oracles, closed forms: f = 3x^2 + y^2 + 2x, so df/dx =
** 6x + 2, df/dy = 2y; g(x, y) = x*x (y is float) + 5x (x is double) +
** 3x (real is double), so dg/dx = 2x + 8 and dg/dy = 0.
*/
#include "ccad_oracle.h"

typedef double real;
static double sqd(double v) { return v * v; }
static float sqf(float v) { return v * v; }
#define SQ(v) _Generic((v), float: sqf, default: sqd)(v)
#define TWO(v) _Generic((v), float: 1.0, default: 2.0)

double f(double x, float y)
{
    return SQ(x) * 3.0 + SQ(y) + TWO(x) * x;
}

double g(double x, float y)
{
    double s = _Generic(y, float: x * x, double: x, default: 0.0);
    s += _Generic(x, unsigned long int: x, long double: 3 * x, double: 5 * x);
    s += _Generic(x, float: x, real: 3 * x, default: 9 * x);
    return s;
}

#pragma ad grad(f)
#pragma ad grad(g) wrt(x)

#include "generic_selection.ad.h"

int main(void)
{
    double xb = 0;
    float yb = 0;
    f_grad(1.5, &xb, 0.5f, &yb);
    CHECK_CLOSE("df/dx = 6x + 2", xb, 11.0, 1e-15, 0);
    CHECK_CLOSE("df/dy = 2y", yb, 1.0, 1e-7, 0);
    xb = 0;
    g_grad(1.5, &xb, 0.5f);
    CHECK_CLOSE("dg/dx = 2x + 8", xb, 11.0, 1e-15, 0);
    return oracle_result();
}
