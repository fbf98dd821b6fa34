/* OPEN (probe6): internal error (cc-ad exits 3), every mode. The manual
** lists __real__ and __imag__ among the complex forms that work, but as
** the left side of an assignment (GNU C: __real__ z = e; __imag__ z *= 2;
** __imag__ v[1] = e;), the way code sets one part of a complex value,
** cc-ad stops with
**   internal error: the IR breaks an invariant after stage 'front': in f:
**   an assignment to what is not an lvalue
** (with or without --verify-ir, -std=c11 or gnu11). Expected: the part
** assignment differentiated like z = e + I * cimag(z) (or a clean error).
** Rvalue uses (creal, cimag, __real__ z in an expression) work. Taking
** the part's address, double *q = &__real__ v; *q = x[3];, is refused
** with a message about a pointer it calls 'this pointer' ("error: 'this
** pointer' is used where cc-ad needs its derivative storage ... it shares
** a pointer target with data that carries derivatives"); the C11 way,
** double *p = (double *)&u; p[0] = ...; p[1] = ...;, works in grad, vjp,
** jvp (but see lanes_complex_partptr.c for hessian).
**   build/tool/cc-ad -o /tmp/r.ad.c tests/fuzz/open/real_imag_lvalue.c -- -std=gnu11
*/
#include <complex.h>
#include <math.h>

double f(const double *x)
{
    double complex u = 0;
    __real__ u = x[0] * x[1];
    __imag__ u = sin(x[2]);
    __imag__ u *= 2.0;
    return creal(u * u) + cimag(u);
}

#pragma ad grad(f) wrt(x[3])
#pragma ad jvp(f) wrt(x[3])
