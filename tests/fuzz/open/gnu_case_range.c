/* OPEN (probe8): SILENTLY WRONG: a switch with a GNU case range
** (`case 0 ... 1:`) in a differentiated function gives wrong derivatives
** with no diagnostic: for s = sum over i of (i in 0..1 ? x_i^2 : x_i)
** the gradient should be (2 x0, 2 x1, 1); f_grad returns the primal
** 0.75 where f gives 4.5 and the gradient (2 x0, 1, 1): the range is taken
** as its first value only (i = 1 falls to default) in the generated code. Contract section 4: switch is C that must work,
** and "The tool never emits code that silently computes a wrong derivative"
** (if case ranges are not supported, an error at the range).
** Expected: the gradient below, or an error; got wrong numbers.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w gnu_case_range.c */
// CFLAGS: -std=gnu11
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x)
{
    double s = 0;
    for (int i = 0; i < 3; i++) {
        switch (i) {
        case 0 ... 1:
            s += x[i] * x[i];
            break;
        default:
            s += x[i];
        }
    }
    return s;
}

#pragma ad grad(f) wrt(x[3])
#pragma ad jvp(f) wrt(x)

#include "gnu_case_range.ad.h"

int main(void)
{
    double x[3] = {0.5, -1.5, 2.0}, g[3], xd[3] = {1, 1, 1}, d;
    double w[3] = {2 * x[0], 2 * x[1], 1};
    double v = f_grad(x, g);
    CHECK_CLOSE("primal", v, f(x), 0, 0);
    CHECK_VEC_CLOSE("grad", g, w, 3, 1e-12, 1e-14);
    f_jvp(x, xd, &d);
    CHECK_CLOSE("jvp", d, w[0] + w[1] + w[2], 1e-12, 1e-14);
    return oracle_result();
}
