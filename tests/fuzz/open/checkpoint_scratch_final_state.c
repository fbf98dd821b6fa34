/* OPEN (fuzzcls): WRONG, SILENTLY (the state a scratch parameter is left
** in; the derivatives are right): the manual says of scratch(s[n]) that
** "the primal values f leaves in them are left there, by every mode". A
** checkpointed loop that updates the scratch array, followed by a store
** into it,
**     #pragma ad checkpoint
**     for (i...) st[i] += 0.2 * x[i];
**     st[1] = x[0];
** leaves st[1] in f_vjp (and f_grad) as the loop left it (1.040067), not
** x[0] = 0.3 as f does: the backward sweep takes st[1] back before the
** store for the loop's recomputation and does not put the final value
** back. Without the checkpoint, or without the store after the loop, st is
** left right. Found by the fuzz class scratch (seed 965046 of `scripts/fuzz.sh
** 60 965001 all,ckptcall,scratch,vmap`, full size: "w_f_vjp leaves the
** scratch state as fv does"; the checkpoint is the `checkpoint` class's).
** Expected: st after f_vjp and f_grad equal to st after f; got: st[1] differs.
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/checkpoint_scratch_final_state.c */
#include <math.h>
#include "ccad_oracle.h"

void f(const double *x, double *y, int n, double *st)
{
    for (int i = 0; i < n; i++)
        st[i] = cos(x[i]);
#pragma ad checkpoint
    for (int i = 0; i < n; i++)
        st[(i * 3 + 1) % n] += 0.2 * x[i];
    st[1] = x[0];
    y[0] = st[0] + st[2];
}

#pragma ad vjp(f) wrt(x[n]) scratch(st[n]) out(y[1])
#pragma ad grad(f) wrt(x[n]) scratch(st[n]) out(y[1])

#include "checkpoint_scratch_final_state.ad.h"

int main(void)
{
    enum { N = 4 };
    double x[N] = {0.3, -0.2, 0.5, 0.1}, xb[N] = {0}, y[1], yb[1] = {1}, s0[N], s1[N], s2[N];
    f(x, y, N, s0);
    f_vjp(x, xb, y, yb, N, s1);
    oracle_check_vec("f_vjp leaves st as f does", s1, s0, N, 0, 0);
    f_grad(x, xb, y, N, s2);
    oracle_check_vec("f_grad leaves st as f does", s2, s0, N, 0, 0);
    /* y = st[0] + st[2] = cos x0 + 0.2 x1 (i = 1 adds to st[(3 + 1) % 4] = st[0])
    ** + cos x2 + 0.2 x3 (i = 3 adds to st[10 % 4] = st[2]) */
    double g[N] = {-sin(x[0]), 0.2, -sin(x[2]), 0.2};
    oracle_check_vec("f_grad", xb, g, N, 1e-14, 1e-14);
    return oracle_result();
}
