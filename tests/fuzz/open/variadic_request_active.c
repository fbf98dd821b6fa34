/* OPEN (probe8): DOES NOT COMPILE (should be an error): a grad request of a
** variadic function whose extra arguments are doubles read with
** va_arg(ap, double) is accepted (exit 0, no message); the generated
** f_grad(int n) lowers `double v = va_arg(ap, double);` to `v = ap;` and
** keeps va_start in a function with fixed arguments, so FILE.ad.c does not
** compile (gcc: "incompatible types when assigning to type 'double' from
** type '__va_list_tag *'"). The manual, WHAT IS REJECTED: "active long
** double or variadic arguments"; contract section 4: what cannot be
** differentiated "is reported as an error with file:line:column, the
** construct, and what to do instead". Expected: exit 1 with an error at the
** va_arg (or the request) saying variadic arguments cannot carry
** derivatives; got exit 0 and a .ad.c that does not compile.
**   tests/harness/run_diag.sh build/tool/cc-ad /tmp/w variadic_request_active.c */
// EXPECT-EXIT: 1
// EXPECT-STDERR: FILE:
// EXPECT-STDERR: error:
#include <stdarg.h>

double sumsq(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++) {
        double v = va_arg(ap, double);
        s += v * v;
    }
    va_end(ap);
    return s;
}

#pragma ad grad(sumsq)
