/* OPEN (probe8): DOES NOT COMPILE: a function of the file with a variadic
** parameter list whose extra arguments are integers (indices: they carry no
** derivative) is differentiated as a callee of the request, and the
** generated code does not compile: pick_fwd/pick_bwd are declared without
** the `...` (gcc: "too many arguments to function 'pick_fwd'"), va_arg(ap,
** int) is lowered to `j = ap;` ("assignment to 'int' from '__va_list_tag *'")
** and va_start is kept in a function with fixed arguments. The manual
** rejects only "active long double or variadic arguments" (WHAT IS
** REJECTED); contract section 4 lists calls to other functions of the
** translation unit as C that must work. Expected: compiles, g = (1, 1,
** 4*x2); else, at least, an error FILE:LINE:COL naming the variadic
** function (contract: "The tool never emits code that silently computes a
** wrong derivative" / emits code that does not compile).
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w variadic_callee_int_args.c */
#include <math.h>
#include <stdarg.h>
#include "ccad_oracle.h"

double pick(const double *x, int k, ...)
{
    va_list ap;
    va_start(ap, k);
    double s = 0;
    for (int i = 0; i < k; i++) {
        int j = va_arg(ap, int);
        s += x[j] * x[j];
    }
    va_end(ap);
    return s;
}

double call_pick(const double *x) { return pick(x, 3, 0, 2, 2) + x[1]; }

#pragma ad grad(call_pick) wrt(x[3])

#include "variadic_callee_int_args.ad.h"

int main(void)
{
    double x[3] = {0.5, 1.5, -2}, g[3];
    call_pick_grad(x, g);
    CHECK_CLOSE("g0", g[0], 1.0, 1e-12, 0);
    CHECK_CLOSE("g1", g[1], 1.0, 1e-12, 0);
    CHECK_CLOSE("g2", g[2], 4 * x[2], 1e-12, 0);
    return oracle_result();
}
