// EXPECT-EXIT: 1
// EXPECT-DIAG: static_local
// EXPECT-STDERR: FILE:9:19: error: static local variable 't' carries derivatives; make it an ordinary local
#include <math.h>
/* t is stored only when the first element is positive: on the other path
** the previous call's value is read, which is state between calls */
double f(const double *x, int n)
{
    static double t;
    if (x[0] > 0.0)
        t = x[0];
    double s = 0.0;
    for (int i = 0; i < n; i++) s += t * x[i];
    return s;
}
#pragma ad grad(f) wrt(x[n])
