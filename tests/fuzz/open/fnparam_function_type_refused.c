/* OPEN (probe10): WRONGLY REFUSED: a function parameter declared with function type
** (`double f(double t, double x)`, C11 6.7.6.3p8 adjusts it to `double (*f)(double, double)`)
** is refused when called:
**   error: a call through a function pointer on floating-point data cannot be differentiated;
**   call the function by name so cc-ad can differentiate it
** while the same code spelled `double (*f)(double, double)` is accepted and differentiated.
** Expected: both spellings mean the same type and are handled alike (grad = 2 t x).
** Contract section 4: "calls through function pointers whose possible targets are functions
** of the translation unit" must work. Found in John Burkardt's rk4vec (LGPL, lorenz_ode.c):
**   double *rk4vec ( double t0, int m, double u0[], double dt,
**                    double *f ( double t, int n, double u[] ) )
** which is how Burkardt's ODE codes (rk4, midpoint, euler...) all declare the right-hand side.
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w
**      tests/fuzz/open/fnparam_function_type_refused.c */
#include <math.h>
#include "ccad_oracle.h"

double sq(double t, double x) { return t * x * x; }
double step_ptr(double x, double (*f)(double, double)) { return f(3.0, x); }
double step_fn(double x, double f(double t, double x)) { return f(3.0, x); }
double use_ptr(double x) { return step_ptr(x, sq); }
double use_fn(double x) { return step_fn(x, sq); }

#pragma ad grad(use_ptr)
#pragma ad grad(use_fn)

#include "fnparam_function_type_refused.ad.h"

int main(void)
{
    double g1 = 0, g2 = 0;
    CHECK_CLOSE("primal ptr", use_ptr_grad(1.5, &g1), 6.75, 0, 0);
    CHECK_CLOSE("grad ptr", g1, 9.0, 1e-15, 0);
    CHECK_CLOSE("primal fn", use_fn_grad(1.5, &g2), 6.75, 0, 0);
    CHECK_CLOSE("grad fn", g2, 9.0, 1e-15, 0);
    return oracle_result();
}
