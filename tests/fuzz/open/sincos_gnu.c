// CFLAGS: -D_GNU_SOURCE
/* OPEN (probe16): VALID CODE REFUSED: GNU's sincos(x, &s, &c) (glibc
** <math.h> with _GNU_SOURCE; rotation matrices, FFT twiddles and physics
** codes call it for speed) on a value carrying derivatives is "error:
** argument 1 of the call to 'sincos' carries derivatives, but cc-ad cannot
** see the body of 'sincos'". rules.def has one result per rule; sincos has
** two pointer outputs, s' = c x', c' = -s x' (adjoint x_bar += c s_bar -
** s c_bar). The workaround (write sin and cos) changes the user's code.
** Expected: the gradient below, cos(2x) per element; got: cc-ad exits 1.
** Run: run_case.sh ... sincos_gnu.c (it also compiles as a case). */
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double f(const double *x, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        double s, c;
        sincos(x[i], &s, &c);
        r += s * c;
    }
    return r;
}
#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#include "sincos_gnu.ad.h"
ORACLE_XN_CASE(f, 4, 1)
