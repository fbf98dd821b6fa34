/* OPEN (probe5): SILENTLY WRONG gradient (grad, vjp; reverse mode).
** A struct element assigned from an element of the same array whose index
** may be equal at run time, `arr[i] = arr[(i * 2) % 4];` (i = 0 and i = 2
** copy an element onto itself), gets the adjoint
**   arr_bar[i * 2 % 4].s += arr_bar[i].s; ... arr_bar[i].s = 0.0; ...
** which, when both indices are the same element, adds and then zeroes: the
** adjoint is lost. At x = (0.3, -0.4, 0.8, 0.5) grad got (0, 0, ...) want
** (-0.4, 0.3, ...) (central differences). The same code on a double array
** is right: its rule reads the adjoint into a temporary first
** (double d = arr_bar[i]; arr_bar[i] = 0.0; arr_bar[j] += d;). jvp is right.
** A helper `static void copy(Acc *d, const Acc *s) { *d = *s; }` called as
** copy(&arr[i % 2], &arr[(i * i) % 2]) (always the same element: the
** manual says overlapping helper arguments inside the file need no clause)
** loses it the same way: grad of arr[0].s * arr[1].q got 0, want (x3, 0, 0, x0).
** Expected: the struct rule as the scalar one (copy the shadow struct to a
** temporary, zero, add), or skip when the addresses are equal.
** Found with a ring buffer of {s, q} accumulators compacted in place.
** Where: the adjoint of a struct assignment (tool/transform/adjoint*.c,
** the whole-struct copy rule), which does not guard against lhs == rhs.
** Self-checking; reproduce (exit 1, FAIL lines):
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a \
**     include /tmp/w tests/fuzz/open/struct_self_assign_rev.c               */
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct { double s, q; } Acc;

double objs(const double *x, int n)
{
    Acc arr[4];
    for (int i = 0; i < 4; i++) { arr[i].s = x[i % n] * (i + 1); arr[i].q = x[(i + 1) % n]; }
    for (int i = 0; i < 3; i++)
        arr[i] = arr[(i * 2) % 4];
    return arr[0].s * arr[2].q + arr[1].s;
}

double objd(const double *x, int n)
{
    double arr[4];
    for (int i = 0; i < 4; i++) arr[i] = x[i % n] * (i + 1);
    for (int i = 0; i < 3; i++)
        arr[i] = arr[(i * 2) % 4];
    return arr[0] * arr[2] + arr[1];
}

#pragma ad grad(objs) wrt(x[n])
#pragma ad grad(objd) wrt(x[n])

#include "struct_self_assign_rev.ad.h"

#define N 4

int main(void)
{
    double x[N] = {0.3, -0.4, 0.8, 0.5}, g[N], want[N];
    /* after the loop: arr[0] = init[0], arr[1] = init[2], arr[2] = init[0]
    ** objs = x0 * x1 + 3 x2;   objd = x0 * x0 + 3 x2 */
    objs_grad(x, g, N);
    want[0] = x[1]; want[1] = x[0]; want[2] = 3.0; want[3] = 0.0;
    CHECK_VEC_CLOSE("grad struct", g, want, N, ORACLE_RTOL_EXACT, 1e-14);
    objd_grad(x, g, N);
    want[0] = 2.0 * x[0]; want[1] = 0.0; want[2] = 3.0; want[3] = 0.0;
    CHECK_VEC_CLOSE("grad double", g, want, N, ORACLE_RTOL_EXACT, 1e-14);
    return oracle_result();
}
