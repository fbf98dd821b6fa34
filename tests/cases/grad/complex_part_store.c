/* grad/complex_part_store (probe6): GNU C sets one part of a complex value
** with __real__ z = e, __imag__ z *= 2, __imag__ v[1] += 1; cc-ad stopped
** with an internal error ("an assignment to what is not an lvalue"). The
** front end now stores the whole value, z = CMPLX(e, cimag(z)), in every
** mode; &__real__ v and &__imag__ v are (double *)&v and (double *)&v + 1
** (refused before, with a message about 'this pointer'). Oracle: central
** differences (jvp, vjp, grad).
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

double partptr(const double *x, int n)
{
    double complex v = 0;
    double *q = &__imag__ v, *r = &__real__ v;
    *q = x[3] * x[0];
    *r = sin(x[1]);
    return creal(v * v) + cimag(v) * x[n - 2];
}

#pragma ad grad(parts) wrt(x[n])
#pragma ad jvp(parts) wrt(x[n])
#pragma ad vjp(parts) wrt(x[n])
#pragma ad grad(partptr) wrt(x[n])
#pragma ad jvp(partptr) wrt(x[n])
#pragma ad vjp(partptr) wrt(x[n])

#include "complex_part_store.ad.h"

ORACLE_XN_WRAPPERS(parts, 4)
ORACLE_XN_WRAPPERS(partptr, 4)

int main(void)
{
    OracleRng rng = oracle_rng(5);
    ORACLE_XN_CHECKS(parts, 4, rng);
    ORACLE_XN_CHECKS(partptr, 4, rng);
    return oracle_result();
}
