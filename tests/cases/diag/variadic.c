// EXPECT-EXIT: 1
// EXPECT-DIAG: variadic_call
// EXPECT-STDERR: FILE:23:12:
// EXPECT-STDERR: error: call to the variadic function 'sum_of' passes values that carry derivatives
/* A variadic helper defined in the file: cc-ad cannot follow values
** through '...', and says so (not "cannot see its body"). */
#include <stdarg.h>

static double sum_of(int k, ...)
{
    va_list ap;
    va_start(ap, k);
    double s = 0;
    for (int i = 0; i < k; i++)
        s += va_arg(ap, double);
    va_end(ap);
    return s;
}

double f(const double *x, int n)
{
    (void)n;
    return sum_of(2, x[0], x[1]) * x[0];
}

#pragma ad grad(f) wrt(x[n])
