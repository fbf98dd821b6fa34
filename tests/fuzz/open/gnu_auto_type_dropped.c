/* OPEN (probe8): SILENTLY WRONG: a local declared with GNU __auto_type
** (`__auto_type v = x[0] * x[1];`, the form of the MAX/MIN macros that
** avoid double evaluation: `({ __auto_type a_ = (a); ... })`) loses its
** derivative: grad of v*x2 gives (0, 0, x0*x1) instead of (x1*x2, x0*x2,
** x0*x1), jvp and jacfwd alike, with no diagnostic; the same with
** __typeof__(x[1]) in place of __auto_type is right. The manual supports
** GNU statement expressions with __typeof__ in such macros (the C that
** must work); contract section 4: "The tool never emits code that silently
** computes a wrong derivative" (an unsupported construct must be an error).
** Expected: the gradient below, or an error at __auto_type; got zeros.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w gnu_auto_type_dropped.c */
// CFLAGS: -std=gnu11
#include <math.h>
#include "ccad_oracle.h"

#define MUL_ONCE(a, b) ({ __auto_type a_ = (a); __auto_type b_ = (b); a_ * b_; })

double f(const double *x)
{
    __auto_type v = x[0] * x[1];
    return v * x[2] + MUL_ONCE(x[0], x[0]);
}

#pragma ad grad(f) wrt(x[3])
#pragma ad jvp(f) wrt(x)

#include "gnu_auto_type_dropped.ad.h"

int main(void)
{
    double x[3] = {0.5, -1.5, 2.0}, g[3], xd[3] = {1, 1, 1}, d;
    double w[3] = {x[1] * x[2] + 2 * x[0], x[0] * x[2], x[0] * x[1]};
    f_grad(x, g);
    CHECK_VEC_CLOSE("grad", g, w, 3, 1e-12, 1e-14);
    f_jvp(x, xd, &d);
    CHECK_CLOSE("jvp", d, w[0] + w[1] + w[2], 1e-12, 1e-14);
    return oracle_result();
}
