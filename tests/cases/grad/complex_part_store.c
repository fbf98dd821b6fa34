/* grad/complex_part_store (probe6): GNU C sets one part of a complex value
** with __real__ z = e, __imag__ z *= 2, __imag__ v[1] += 1; cc-ad stopped
** with an internal error ("an assignment to what is not an lvalue"). The
** front end now stores the whole value, z = CMPLX(e, cimag(z)), in every
** mode. Oracle: central differences (ORACLE_XN_CASE: jvp, vjp, grad).
*/
// CFLAGS: -std=gnu11
#include <complex.h>
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double parts(const double *x, int n)
{
    double complex u = 0, v[2] = {0, 0};
    __real__ u = x[0] * x[1];
    __imag__ u = sin(x[2]);
    __imag__ u *= 2.0;
    for (int i = 0; i < 2 && i < n; i++) {
        __real__ v[i] = x[i] * x[3];
        __imag__ v[i] = cos(x[i + 1]);
        __imag__ v[i] += 1.0;
    }
    return creal(u * u) + cimag(u) + creal(v[0] * v[1]) - cimag(v[1]) * x[0];
}

#pragma ad grad(parts) wrt(x[n])
#pragma ad jvp(parts) wrt(x[n])
#pragma ad vjp(parts) wrt(x[n])

#include "complex_part_store.ad.h"

ORACLE_XN_CASE(parts, 4, 5)
