/* GNU case ranges (`case 0 ... 1:`) in a differentiated switch: cc-ad writes
** a range as one label per value, so grad (whose switch becomes a selector)
** and jvp (which keeps it) see every value of the range; a range of one
** value spelled with a character constant counts too. Oracle: the gradient in closed form, (2 x0, 2 x1, 1, 3 x3^2).
** Before the fix the range was its first value only (i = 1 fell to
** default) with no diagnostic. */
// CFLAGS: -std=gnu11
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x)
{
    double s = 0;
    for (int i = 0; i < 4; i++) {
        switch (i) {
        case 0 ... 1:
            s += x[i] * x[i];
            break;
        case 'a' - 97 + 3 ... 3:
            s += x[i] * x[i] * x[i];
            break;
        default:
            s += x[i];
        }
    }
    return s;
}

#pragma ad grad(f) wrt(x[4])
#pragma ad jvp(f) wrt(x)

#include "gnu_case_range.ad.h"

int main(void)
{
    double x[4] = {0.5, -1.5, 2.0, 0.7}, g[4], xd[4] = {1, 1, 1, 1}, d;
    double w[4] = {2 * x[0], 2 * x[1], 1, 3 * x[3] * x[3]};
    double v = f_grad(x, g);
    CHECK_CLOSE("primal", v, f(x), 0, 0);
    CHECK_VEC_CLOSE("grad", g, w, 4, 1e-12, 1e-14);
    f_jvp(x, xd, &d);
    CHECK_CLOSE("jvp", d, w[0] + w[1] + w[2] + w[3], 1e-12, 1e-14);
    return oracle_result();
}
