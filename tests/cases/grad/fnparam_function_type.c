/* A function parameter declared with function type, `double f(double t,
** double x)`, is a pointer to function (C11 6.7.6.3p8), as John Burkardt's
** ODE codes declare their right-hand sides (rk4vec); it was refused as
** "a call through a function pointer" while the `double (*f)(double,
** double)` spelling was differentiated (probe10). Both spellings, grad
** against the closed form d/dx (t x^2) = 2 t x at t = 3. */
#include <math.h>
#include "ccad_oracle.h"

double sq(double t, double x) { return t * x * x; }
double step_ptr(double x, double (*f)(double, double)) { return f(3.0, x); }
double step_fn(double x, double f(double t, double x)) { return f(3.0, x); }
double use_ptr(double x) { return step_ptr(x, sq); }
double use_fn(double x) { return step_fn(x, sq); }

#pragma ad grad(use_ptr)
#pragma ad grad(use_fn)

#include "fnparam_function_type.ad.h"

int main(void)
{
    double g1 = 0, g2 = 0;
    CHECK_CLOSE("primal ptr", use_ptr_grad(1.5, &g1), 6.75, 0, 0);
    CHECK_CLOSE("grad ptr", g1, 9.0, 1e-15, 0);
    CHECK_CLOSE("primal fn", use_fn_grad(1.5, &g2), 6.75, 0, 0);
    CHECK_CLOSE("grad fn", g2, 9.0, 1e-15, 0);
    return oracle_result();
}
