/* A switch marking an intended fall-through with the statement attribute
** `__attribute__((fallthrough));` (what gcc's -Wimplicit-fallthrough asks
** for): the attribute is over a null statement, lowered as that statement;
** cc-ad refused it as "UnexposedStmt". grad (the switch becomes a
** selector) and jvp (the switch kept, its fall-through marked as cc-ad
** marks it). Oracle: closed forms. */
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
#pragma ad jvp(f) wrt(x)

#include "fallthrough_attribute.ad.h"

int main(void)
{
    double x[2] = {0.5, -1.5}, g[2];
    f_grad(x, g, 1);
    CHECK_CLOSE("d/dx0", g[0], x[1], 1e-12, 0);
    CHECK_CLOSE("d/dx1", g[1], x[0] + 2 * x[1], 1e-12, 0);
    double xd[2] = {1, 1}, d;
    f_jvp(x, xd, 1, &d);
    CHECK_CLOSE("jvp", d, x[1] + x[0] + 2 * x[1], 1e-12, 0);
    f_jvp(x, xd, 0, &d);
    CHECK_CLOSE("jvp mode 0", d, 1 + 2 * x[1], 1e-12, 0);
    return oracle_result();
}
