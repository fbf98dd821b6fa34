/* OPEN (probe5): contract deviation (low severity; derivatives are right),
** vjp. Contract section 3: "For outputs, r_bar holds the seed on entry and
** is zero on exit." For a sized output that f writes only in part (here
** y[i] for x[i] >= 0), part_vjp zeroes y_bar only where f stores: on exit
** y_bar = {0, 2, 0, 4} for the seed {1, 2, 3, 4}, want {0, 0, 0, 0}. jvp
** of the same request does zero the unwritten tangents (y_dot = {1, 0, 4,
** 0}), so the two disagree; a caller that reuses y_bar as the next seed
** buffer (accumulating vjps over a batch) gets stale seeds. x_bar is right.
** Expected: with a size in out(y[n]), zero all n elements of y_bar on exit
** (as grad zeroes its inputs' gradients with the size), or say in the
** manual that only the stored elements are zeroed.
** Self-checking; reproduce (exit 1):
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a \
**     include /tmp/w tests/fuzz/open/vjp_partial_output_seed.c               */
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"
void part(const double *x, int n, double *y)
{
    for (int i = 0; i < n; i++) {
        if (x[i] < 0) continue;
        y[i] = x[i] * x[i];
    }
}
#pragma ad vjp(part) wrt(x[n]) out(y[n])
#pragma ad jvp(part) wrt(x[n]) out(y[n])
#include "vjp_partial_output_seed.ad.h"
int main(void)
{
    double x[4] = {0.5, -1, 2, -3}, y[4] = {9, 9, 9, 9}, yb[4] = {1, 2, 3, 4}, xb[4] = {0}, xd[4] = {1, 1, 1, 1}, yd[4] = {7, 7, 7, 7};
    part_vjp(x, xb, 4, y, yb);
    CHECK_VEC_CLOSE("yb zero", yb, ((double[4]){0, 0, 0, 0}), 4, 0, 0);
    CHECK_VEC_CLOSE("xb", xb, ((double[4]){1.0, 0, 12, 0}), 4, 1e-15, 0);
    part_jvp(x, xd, 4, y, yd);
    CHECK_VEC_CLOSE("yd", yd, ((double[4]){1.0, 0, 4, 0}), 4, 1e-15, 0);
    return oracle_result();
}
