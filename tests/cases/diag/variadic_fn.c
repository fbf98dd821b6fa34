// EXPECT-EXIT: 1
// EXPECT-DIAG: variadic_fn
// EXPECT-STDERR: FILE:11:8: error: 'sumsq' takes a variable argument list (...)
/* A request on a variadic function of the file whose extra arguments are
 * doubles read with va_arg: what va_arg reads has no derivative, and the
 * derivative function would lose the '...'. cc-ad printed f_grad(int n)
 * with `v = ap;` (code that does not compile); now an error at the
 * function. */
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
