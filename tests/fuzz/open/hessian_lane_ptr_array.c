/* OPEN (probe8): DOES NOT COMPILE (gcc -Wall warns, -Werror fails) and
** wrong at run time: an array of pointers to active locals, `double
** *ps[2] = {&a, &b}; for (k...) *ps[k] *= x[2];`, under hessian (the vector
** forward-over-reverse sweep, 3 lanes): the lane shadows are set as
** `for (lane...) ps_dot[0] = &a_dot[lane];` where ps_dot[0] is a
** `double (*)[3]` (it should point at the whole lane array, &a_dot): gcc
** "assignment to 'double (*)[3]' from incompatible pointer type 'double *'
** [-Wincompatible-pointer-types]", and the sweep then reads a_dot from the
** wrong place (an element past the array for lane 2). grad and jvp of the
** same function are fine. Contract section 4: pointers into local arrays
** and "pointer arithmetic and offsets" are C that must work "in every
** mode"; section 1: FILE.ad.c compiles warning-free. Expected: the
** Hessian of a*x2 + (b*x2)^2 with a = x0, b = x1; got a warning and (with
** the warning allowed) wrong entries.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w hessian_lane_ptr_array.c */
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x)
{
    double a = x[0], b = x[1];
    double *ps[2] = {&a, &b};
    for (int k = 0; k < 2; k++)
        *ps[k] *= x[2];
    return a + b * b;
}

#pragma ad hessian(f) wrt(x[3])

#include "hessian_lane_ptr_array.ad.h"

int main(void)
{
    double x[3] = {0.5, -1.5, 2.0}, H[9];
    /* f = x0*x2 + x1^2*x2^2 */
    double W[9] = {0, 0, 1,
                   0, 2 * x[2] * x[2], 4 * x[1] * x[2],
                   1, 4 * x[1] * x[2], 2 * x[1] * x[1]};
    f_hessian(x, H);
    CHECK_VEC_CLOSE("hessian", H, W, 9, 1e-12, 1e-14);
    return oracle_result();
}
