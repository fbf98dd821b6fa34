// EXPECT-EXIT: 1
// EXPECT-DIAG: static_local
// EXPECT-STDERR: FILE:15:19: error: static local variable 't' carries derivatives; make it an ordinary local
// EXPECT-STDERR: FILE:33:19: error: static local variable 'u' carries derivatives; make it an ordinary local
// EXPECT-STDERR: FILE:47:19: error: static local variable 'w' carries derivatives; make it an ordinary local
#include <math.h>
/* f2c-style statics in a switch that are NOT stored before they are read
** on every path, so they keep state between calls: each is refused.
** (See grad/f2c_switch for statics a switch stores on every path.) */

/* entering at case 2 reads t before any store (the store of case 1 falls
** through to it, but a call with n == 2 skips it) */
double g(const double *x, int n)
{
    static double t;
    double s = 0.0;
    switch (n) {
    case 1:
        t = x[0];
        /* fall through */
    case 2:
        s = t * x[0];
        break;
    default:
        t = 0.0;
    }
    return s + t;
}

/* a break leaves the switch before the store */
double h(const double *x, int n)
{
    static double u;
    switch (n) {
    default:
        if (x[0] > 0.0)
            break;
        u = sin(x[0]);
        break;
    }
    return u * x[0];
}

/* no default: a call with n other than 1 or 2 skips both stores */
double k(const double *x, int n)
{
    static double w;
    switch (n) {
    case 1:
        w = x[0];
        break;
    case 2:
        w = x[1];
        break;
    }
    return w * x[0];
}

#pragma ad grad(g) wrt(x[2])
#pragma ad grad(h) wrt(x[1])
#pragma ad grad(k) wrt(x[2])
