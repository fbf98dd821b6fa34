/* OPEN (probe7): DOES NOT COMPILE (minor), grad (any request with a size).
** A size clause holding sizeof of a type name that uses an object-like
** macro, wrt(x[sizeof(double[NPTS]) / sizeof(double)]), is accepted, and
** the generated code prints the expression verbatim:
**   memset(x_bar, 0, sizeof(double[NPTS]) / sizeof(double) * ...)
** so FILE.ad.c fails with "'NPTS' undeclared" (the macro is not defined
** there). The plain forms work: x[NPTS] and x[NPTS * sizeof(double) /
** sizeof(double)] are expanded. The manual: "Sizes may name fields and
** object-like macros, and use sizeof of a basic type or of an operand";
** a size outside that should then be refused with file:line:col, not
** turned into code that does not compile. (Related: x[sizeof(Arr) /
** sizeof(double)] with typedef double Arr[NPTS]; is refused as "'Arr' is
** not a parameter of the function", a message that does not fit.)
** Run: tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/size_sizeof_macro_type.c
*/
#include "ccad_oracle.h"

#define NPTS 3

double f(const double *x)
{
    double s = 0;
    for (int i = 0; i < NPTS; i++)
        s += x[i] * x[i];
    return s;
}

#pragma ad grad(f) wrt(x[sizeof(double[NPTS]) / sizeof(double)])

#include "size_sizeof_macro_type.ad.h"

int main(void)
{
    double x[NPTS] = {1, -2, 0.5}, g[NPTS] = {7, 7, 7}, want[NPTS] = {2, -4, 1};
    f_grad(x, g);
    CHECK_VEC_CLOSE("grad", g, want, NPTS, 1e-15, 0);
    return oracle_result();
}
