/* OPEN (probe5): SILENTLY WRONG gradient (grad; every reverse mode), a
** pointer held in a struct field and moved inside a loop, after a use of
** what it points to that is linear:
**   R r = {A};  for (t ...) { s += 3.0 * r.prev[0] + r.prev[1]; r.prev = B; }
** The forward sweep overwrites r.prev (and r_bar.prev) without saving them,
** since the primal r.prev is not needed by the backward code of a linear
** use; but the backward code adds into r_bar.prev[i], which then still
** points at B_bar in every iteration. n = 2: grad got (0, -4.8), want
** (3, 1 + 6 x1) = (3, -1.4). The same with a plain pointer variable (f
** below) is right: plain pointers are saved. With a nonlinear use
** (r.prev[i] * r.prev[i]) the field is saved and the result is right.
** The same for an element of an array of pointers (h below:
** const double *ps[2] = {A, B}; ... ps[0] = ps[1];): same wrong values.
** Whole structs holding a pointer swapped (View {const double *src; double
** w;}: View t = a; a = b; b = t;) with linear uses of a.w and a.src[i]:
** wrong too.
** A realistic instance: rows permuted through a table of row pointers
** (double *row[4]; ... t = row[k]; row[k] = row[p]; row[p] = t;) with the
** rows only summed: grad wrong (elimination with the same swaps, whose
** uses are nonlinear, is right).
** Found in a ring buffer {prev, cur} rotated over three work arrays
** (jvp is right; the hessian is the derivative of the wrong gradient). No
** diagnostic.
** Expected: save a pointer field of a struct before it is overwritten when
** its shadow is used later by the backward sweep (as for plain pointers).
** Where: the to-be-recorded analysis for struct members of pointer type
** (tool/analysis: it decides on the primal value's use only).
** Self-checking; reproduce (exit 1, FAIL lines):
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a \
**     include /tmp/w tests/fuzz/open/struct_ptr_field_moved.c                */
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

/* the pointer p is used only linearly, then moved */
double f(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], 0.0};
    const double *p = A;
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * p[0] + p[1];
        p = B;
    }
    return s;
}

typedef struct { const double *prev; } R;
double g(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], 0.0};
    R r = {A};
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * r.prev[0] + r.prev[1];
        r.prev = B;
    }
    return s;
}
double h(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], 0.0};
    const double *ps[2] = {A, B};
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * ps[0][0] + ps[0][1];
        ps[0] = ps[1];
    }
    return s;
}

#pragma ad grad(f) wrt(x[2])
#pragma ad grad(g) wrt(x[2])
#pragma ad grad(h) wrt(x[2])

#include "struct_ptr_field_moved.ad.h"
int main(void)
{
    double x[2] = {0.3, -0.4}, gf[2], gg[2];
    /* n = 2: s = 3 x0 + x1 + 3 x1^2 */
    double want[2] = {3.0, 1.0 + 6.0 * x[1]};
    f_grad(x, gf, 2);
    CHECK_VEC_CLOSE("plain pointer", gf, want, 2, 1e-14, 1e-15);
    g_grad(x, gg, 2);
    CHECK_VEC_CLOSE("struct field pointer", gg, want, 2, 1e-14, 1e-15);
    h_grad(x, gg, 2);
    CHECK_VEC_CLOSE("pointer array element", gg, want, 2, 1e-14, 1e-15);
    return oracle_result();
}
