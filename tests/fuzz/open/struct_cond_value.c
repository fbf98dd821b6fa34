/* OPEN (probe5): SILENTLY WRONG derivatives, jvp and grad (so every mode).
** A struct-valued conditional expression, `Acc c = i % 2 ? t : u;` (or
** `c = cond ? t : u;`), with t and u active structs, loses the derivative:
** jvp gives c a zero tangent (Acc c_dot; memset(&c_dot, 0, ...)) and the
** backward sweep never passes c_bar on to t_bar / u_bar. At x = (0.3, -0.4,
** 0.8): grad got (0.16, 0.30, ...) want (-0.24, -0.58, ...) (central
** differences); jvp along (1, 2, 3) got 1.24 want -0.92. No diagnostic.
** The helper form `static Acc pick(Acc a, Acc b, int i) { return i % 2 ?
** a : b; }` gives the same wrong grad (its jvp is right).
** Expected: c_dot = cond ? t_dot : u_dot; in reverse, c_bar added to the
** shadow of the arm taken (the same rule as for a double ?:). Found in a
** struct-heavy accumulator (the arm picked by parity), hessian and jacfwd
** wrong too. Where: tool/transform/tangent.c / adjoint rules for EX_COND
** of struct type (the tangent of a struct-valued ?: is treated as having
** no derivative; d_zero() has no struct case either, see
** struct_return_const_jvp.c).
** Self-checking; reproduce (exit 1, FAIL lines):
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a \
**     include /tmp/w tests/fuzz/open/struct_cond_value.c                    */
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct { double s, q; } Acc;

double obj(const double *x, int n)
{
    Acc t = {x[0], x[1]};
    Acc u = {x[1] * x[1], x[0]};
    double r = 0.0;
    for (int i = 0; i < n; i++) {
        Acc c = i % 2 ? t : u;
        r += c.s * x[i];
    }
    return r;
}

#pragma ad grad(obj) wrt(x[n])
#pragma ad jvp(obj) wrt(x[n])

#include "struct_cond_value.ad.h"

#define N 3

int main(void)
{
    double x[N] = {0.3, -0.4, 0.8}, g[N], fd[N];
    obj_grad(x, g, N);
    /* closed form: r = u.s x0 + t.s x1 + u.s x2 = x1^2 (x0 + x2) + x0 x1 */
    fd[0] = x[1] * x[1] + x[1];
    fd[1] = 2.0 * x[1] * (x[0] + x[2]) + x[0];
    fd[2] = x[1] * x[1];
    CHECK_VEC_CLOSE("grad", g, fd, N, ORACLE_RTOL_EXACT, 1e-14);
    double v[N] = {1, 2, 3}, rd;
    obj_jvp(x, v, N, &rd);
    CHECK_CLOSE("jvp", rd, oracle_dot(fd, v, N), ORACLE_RTOL_EXACT, 1e-14);
    return oracle_result();
}
