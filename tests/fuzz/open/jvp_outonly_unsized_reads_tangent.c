/* OPEN (probe7): SILENTLY WRONG, jvp and vjp. An output pointer that f also reads
** (y[i] = y[i] * x[i] + x[i]), listed in out but not in wrt, and written
** without a size (out(y)): y_jvp reads the caller's y_dot on entry as the
** tangent of y's input value, so garbage in y_dot (the contract: "After
** each active output pointer r, double *r_dot (written)") flows into the
** result: y_dot = {nan, -1e30, -7} gives {nan, -1e30, -25}; want
** dy/dx . x_dot = y_old + 1 = {2, 3, 4}. With a size, out(y[n]), the same
** request zeroes y_dot first (memset) and gives {2, 3, 4}; the manual says
** sizes are optional for jvp and vjp and nowhere that they change the
** result. vjp alike: unsized, y_bar ends as seed * x = {0.5, -1, 2} (the
** adjoint of y's input, as for an in-out y), where the contract says "For
** outputs, r_bar holds the seed on entry and is zero on exit"; sized
** (wrt(x[n]) out(y[n])) it ends {0, 0, 0}. The manual's line about
** may_alias ("an output that may share memory with an input is not zeroed
** on entry by jvp") also says outputs are zeroed on entry otherwise.
** The same root (an unsized out-only pointer handled as in-out): an output
** written only conditionally, if (x[i] > 0) y[i] = x[i] * x[i];, leaves
** y_dot[i] as the caller's garbage (NaN in, NaN out; want 0: y[i] is then
** the constant input) and y_bar[i] = seed (want 0 on exit); sized, both 0.
** Note: the contract also says "A pointer that is both read and written
** (in-out) has one shadow, read on entry and written on exit", which fits
** the unsized behaviour; whichever reading is meant, one request must not
** mean two things depending on whether a size was written (wrt(x) of an x
** that f writes is in-out sized or not, consistently). This case expects
** the sized behaviour, which follows the clauses (y not in wrt).
** Run: tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/jvp_outonly_unsized_reads_tangent.c
*/
#include <math.h>
#include "ccad_oracle.h"

void scale_out(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = y[i] * x[i] + x[i];
}

#pragma ad jvp(scale_out) wrt(x) out(y)
#pragma ad vjp(scale_out) wrt(x) out(y)

#include "jvp_outonly_unsized_reads_tangent.ad.h"

int main(void)
{
    double x[3] = {0.5, -1, 2}, y[3] = {1, 2, 3}, xd[3] = {1, 1, 1};
    double yd[3] = {NAN, 1e30, -7};            /* garbage: r_dot is written */
    double want[3] = {2, 3, 4};                /* d(y_new)/dx . x_dot = y_old + 1 */
    scale_out_jvp(x, xd, y, yd, 3);
    CHECK_VEC_CLOSE("jvp y_dot (out only, unsized)", yd, want, 3, 1e-15, 0);
    double y2[3] = {1, 2, 3}, xb[3] = {0, 0, 0}, yb[3] = {1, 1, 1}, zero[3] = {0, 0, 0};
    scale_out_vjp(x, xb, y2, yb, 3);
    CHECK_VEC_CLOSE("vjp x_bar", xb, want, 3, 1e-15, 0);
    CHECK_VEC_CLOSE("vjp y_bar zero on exit", yb, zero, 3, 0, 0);
    return oracle_result();
}
