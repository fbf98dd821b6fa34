/* OPEN (probe5): SILENTLY WRONG gradient (grad, vjp, hessian: reverse
** mode). A pointer that alternates between two buffers by a test on its
** own value, `p = p == A ? B : A;` (also after inlining a helper
** `nextp(p, A, B)` that returns p == A ? B : A), gets in the forward sweep
**   p = p == A ? B : A;  p_bar = p == A ? B_bar : A_bar;
** the shadow's condition reads the NEW p (the same for an index that
** reads p: p = bufs[p == A]; gives p_bar = bufs_bar[p == A] after p), so p_bar points at the other
** buffer's adjoint: the adjoints of A's and B's uses are swapped. n = 2:
** grad got (6, 2), want (3.5, 1 + 6 x1) = (3.5, -1.4). jvp is right (it
** assigns p_dot before p). No diagnostic.
** Expected: evaluate the condition once, before either assignment (or
** assign the shadow first, as the tangent code does).
** Where: the forward-sweep copy of a pointer assignment in reverse mode
** (tool/transform adjoint: primal statement, then the shadow statement
** built from the same rhs).
** Self-checking; reproduce (exit 1, FAIL lines):
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a \
**     include /tmp/w tests/fuzz/open/ptr_cond_self_rev.c                    */
#include "ccad.h"
#include "ccad_oracle.h"

double f(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], x[0] * 0.5};
    const double *p = A;
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * p[0] + p[1];
        p = p == A ? B : A;      /* alternate between the two buffers */
    }
    return s;
}
#pragma ad grad(f) wrt(x[2])
#pragma ad jvp(f) wrt(x[2])

#include "ptr_cond_self_rev.ad.h"
int main(void)
{
    double x[2] = {0.3, -0.4}, g[2], v[2] = {1.0, 2.0}, rd;
    /* n = 2: s = 3 x0 + x1 + 3 x1^2 + 0.5 x0 */
    double want[2] = {3.5, 1.0 + 6.0 * x[1]};
    f_grad(x, g, 2);
    CHECK_VEC_CLOSE("grad", g, want, 2, ORACLE_RTOL_EXACT, 1e-15);
    f_jvp(x, v, 2, &rd);
    CHECK_CLOSE("jvp", rd, want[0] * v[0] + want[1] * v[1], ORACLE_RTOL_EXACT, 1e-15);
    return oracle_result();
}
