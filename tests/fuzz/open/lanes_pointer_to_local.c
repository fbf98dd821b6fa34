/* OPEN (probe8): SILENTLY WRONG (with a gcc warning, so -Werror fails): a
** pointer to an active local, `double a = x[0]; double *pa = &a; *pa *=
** x[1];`, in the vector (several-lane) sweeps of jacfwd and hessian: the
** lane shadow is set as `for (lane...) pa_dot = &a_dot[lane];` where
** pa_dot is a `double (*)[3]` that should point at the whole lane array
** (&a_dot): gcc -Wall "assignment to 'double (*)[3]' from incompatible
** pointer type 'double *' [-Wincompatible-pointer-types]", and the sweep
** then reads and writes a_dot shifted by two lanes (past the array for
** lanes 1 and 2). grad, jvp, hvp and jvp(f_grad) of the same function are
** right; so is an array of pointers to locals ({&a, &b}) in those modes,
** which fails in hessian the same way; and so do `double *pacc = &acc;
** for (...) *pacc += ...` (an accumulator through a pointer), `double *big
** = a > b ? &a : &b;` and `double **ppp = &pa;` in jacfwd. Contract section 4:
** "pointer parameters, pointer arithmetic and offsets" and locals are C
** that must work "in every mode"; section 1: FILE.ad.c compiles warning-free.
** Expected: J = (2 a x1, 2 a x0, 1) with a = x0 x1, and the Hessian below;
** got a warning and (with the warning allowed) wrong entries.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w lanes_pointer_to_local.c */
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x)
{
    double a = x[0];
    double *pa = &a;
    *pa *= x[1];
    return a * a + x[2];
}

#pragma ad jacfwd(f) wrt(x[3])
#pragma ad hessian(f) wrt(x[3])

#include "lanes_pointer_to_local.ad.h"

int main(void)
{
    double x[3] = {0.5, -1.5, 2.0}, J[3], H[9];
    double a = x[0] * x[1];
    /* f = x0^2 x1^2 + x2 */
    double JW[3] = {2 * a * x[1], 2 * a * x[0], 1};
    double HW[9] = {2 * x[1] * x[1], 4 * x[0] * x[1], 0,
                    4 * x[0] * x[1], 2 * x[0] * x[0], 0,
                    0, 0, 0};
    f_jacfwd(x, J);
    CHECK_VEC_CLOSE("jacfwd", J, JW, 3, 1e-12, 1e-14);
    f_hessian(x, H);
    CHECK_VEC_CLOSE("hessian", H, HW, 9, 1e-12, 1e-14);
    return oracle_result();
}
