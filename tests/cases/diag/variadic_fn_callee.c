// EXPECT-EXIT: 1
// EXPECT-DIAG: variadic_fn
// EXPECT-STDERR: FILE:16:8: error: 'pick' takes a variable argument list (...)
/* A variadic function of the file reached by a request with data that
 * carries derivatives (x), even when its extra arguments are integer
 * indices: its derivative functions were printed without the '...' and
 * va_arg(ap, int) as `j = ap;` (code that does not compile); now an error
 * at the function. A variadic helper that gets no derivative (a logger,
 * logmsg) is called as it is: no error. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static void logmsg(const char *fmt, ...) { va_list ap; va_start(ap, fmt); vfprintf(stderr, fmt, ap); va_end(ap); }

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

double call_pick(const double *x)
{
    logmsg("%d\n", 3);
    return pick(x, 3, 0, 2, 2) + x[1];
}

#pragma ad grad(call_pick) wrt(x[3])
