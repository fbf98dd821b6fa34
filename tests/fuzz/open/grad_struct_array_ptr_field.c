/* OPEN (probe9): DOES NOT COMPILE: grad (also vjp, jacrev: every request
** whose driver zeroes the shadow struct) of a function taking a pointer to
** a struct that has an array field and a pointer field, e.g.
**     typedef struct { double w[3]; double b; const char *name; } Model;
**     #pragma ad grad(loss) wrt(m[1], x[3])
** emits a zeroing loop over the array field whose counter is declared
** after it:
**     for (k = 0; k < 1; k++) { for (k_2 = 0; k_2 < 3; k_2++) { ... } }
**     long k_2; ...
** so FILE.ad.c fails: "error: 'k_2' undeclared (first use in this
** function)". Without the pointer field, or with it but no array field, it
** compiles. Any pointer field does it (double *buf, int *ids, Vec *vel,
** const char *name), in either order; also hessian(f) wrt(b[n]) of
** `struct { Vec p[2]; double m; int *tag; } B` (k_2 undeclared) and
** grad/hessian of such a struct passed BY VALUE, `double f(M m, double t)`
** with `M = struct { double w[3]; int *ids; }` ("'k' undeclared": the
** driver's `long k; long k_2;` come after the loops that use them; the same
** for vjp, jacfwd, jacrev and hvp of that by-value struct; jvp compiles;
** and hessian(f) wrt(s[n]) sparse of `struct { double u[3]; int *ids; }`:
** 'k_3' undeclared). Also (BAD DIAGNOSTIC) with
** `const char *name` cc-ad warns "'grad' zeroes the floating fields of
** '*m_bar' but not the memory its pointers lead to ...": a char pointer
** leads to no floating data, so there is nothing to warn about.
** Expected: FILE.ad.c compiles, no warning, gradients as below. Contract
** section 1 ("The generated .ad.c compiles on its own"), section 3
** (structs: only floating fields carry derivatives, the others are ignored),
** section 4 (structs by pointer).
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w tests/fuzz/open/grad_struct_array_ptr_field.c */
#include <math.h>
#include "ccad_oracle.h"

typedef struct {
    double w[3];
    double b;
    const char *name;
} Model;

double loss(const Model *m, const double *x)
{
    double z = m->b;
    for (int i = 0; i < 3; i++)
        z += m->w[i] * x[i];
    return tanh(z);
}

#pragma ad grad(loss) wrt(m[1], x[3])
#pragma ad vjp(loss) wrt(m[1], x[3])

#include "grad_struct_array_ptr_field.ad.h"

int main(void)
{
    Model m = {{0.5, -0.25, 0.75}, 0.1, "lin"}, mb;
    double x[3] = {1.0, 2.0, -0.5}, xb[3];
    double v = loss_grad(&m, &mb, x, xb);
    double z = m.b;
    for (int i = 0; i < 3; i++)
        z += m.w[i] * x[i];
    double d = 1 - tanh(z) * tanh(z);
    CHECK_CLOSE("value", v, loss(&m, x), 0, 0);
    CHECK_CLOSE("db", mb.b, d, ORACLE_RTOL_EXACT, 0);
    for (int i = 0; i < 3; i++) {
        CHECK_CLOSE("dw", mb.w[i], d * x[i], ORACLE_RTOL_EXACT, 0);
        CHECK_CLOSE("dx", xb[i], d * m.w[i], ORACLE_RTOL_EXACT, 0);
    }
    Model vb = {{1, 1, 1}, 1, 0};
    double xv[3] = {1, 1, 1};
    loss_vjp(&m, &vb, x, xv, 2.0);
    CHECK_CLOSE("vjp db", vb.b, 1 + 2 * d, ORACLE_RTOL_EXACT, 0);
    return oracle_result();
}
