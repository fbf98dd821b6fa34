// EXPECT-EXIT: 0
// EXPECT-DIAG: static_local_fresh
// EXPECT-STDERR: FILE:9:19: note: static local 't' is written before it is read on every path: its derivative is an ordinary local
#include <math.h>
/* f2c makes every local static; one that is stored before it is read on
** every path keeps no state between calls: a note, and no edit needed */
double f(const double *x, int n)
{
    static double t, s;
    s = 0.0;
    for (int i = 0; i < n; i++) {
        t = sin(x[i]);
        s += t * t;
    }
    return s;
}
#pragma ad grad(f) wrt(x[n])
