/* OPEN (probe8): WRONGLY REFUSED / BAD DIAGNOSTIC (minor, GNU C): a
** switch that marks an intended fall-through with the statement attribute
** `__attribute__((fallthrough));` (what gcc's -Wimplicit-fallthrough, part
** of -Wextra, asks for in code built with -Werror) is refused: "this
** statement (UnexposedStmt) cannot be differentiated; rewrite it with plain
** C statements" -- the message names a libclang cursor kind, not the
** construct, and the attribute is a null statement with no effect on the
** values. Contract section 4: switch, break and fall-through are C that
** must work; section 5: diagnostics say what the construct is and what to
** do. Expected: exit 0 and the gradient below (the attribute dropped or
** kept); got exit 1.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w fallthrough_attribute_refused.c */
// CFLAGS: -std=gnu11
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x, int mode)
{
    double s = x[0];
    switch (mode) {
    case 1:
        s *= x[1];
        __attribute__((fallthrough));
    case 0:
        s += x[1] * x[1];
        break;
    default:
        s = 0;
    }
    return s;
}

#pragma ad grad(f) wrt(x[2])

#include "fallthrough_attribute_refused.ad.h"

int main(void)
{
    double x[2] = {0.5, -1.5}, g[2];
    f_grad(x, g, 1);
    CHECK_CLOSE("d/dx0", g[0], x[1], 1e-12, 0);
    CHECK_CLOSE("d/dx1", g[1], x[0] + 2 * x[1], 1e-12, 0);
    return oracle_result();
}
