/* OPEN (fixckpt, found while testing checkpointed pointer swaps): SILENTLY
** WRONG jacrev (vjp, jacfwd right; no diagnostic) of a function with a
** pointer into a local array:
**   double a[3]; ... double *cur = a; cur[i] = sin(cur[i]) * cur[(i+1)%3];
** jacrev's widened split sweeps (vector_rev.c, W = 3 lanes) widen cur_bar
** to double (*)[3] but not the local array's adjoint a_bar, a frame of
** 3 doubles (ccad_frame_push(sizeof(double [3]))): the forward sweep sets
** cur_bar = (void *)*a_bar, the backward sweep accumulates cur_bar[i][lane]
** (past the 3-double frame) and then moves (*a_bar)[i], never written,
** into x_bar: Jacobian entries 0 where jacfwd gives e.g. 0.2955. The
** same with out(y[n]) (a run-time count). With the ping-pong swap of two
** local arrays (cur, nxt, no checkpoint) the jacrev sweep also crashes:
** the backward sweep ccad_frame_pop()s the frames b, b_bar it never
** popped off the tape (they are still 0): SEGV in runtime/frame.c.
** Expected: a local array whose address a widened shadow pointer takes is
** widened too (a_bar frame of W times the bytes, (*a_bar)[i][lane]), as
** vector_rev.c's propagation does through stores and call arguments; the
** (void *) cast of the shadow assignment may be what stops it.
** Self-checking; reproduce (a FAIL line for vv, then SEGV in pingpong_jacrev):
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a \
**     include /tmp/w tests/fuzz/open/jacrev_local_alias.c                   */
#include <math.h>
#include "ccad_oracle.h"

void vv(const double *x, double *y)
{
    double a[3];
    for (int i = 0; i < 3; i++) a[i] = x[i];
    double *cur = a;
    for (int i = 0; i < 3; i++) cur[i] = sin(cur[i]) * cur[(i + 1) % 3];
    for (int i = 0; i < 3; i++) y[i] = cur[i] * (i + 1);
}

void pingpong(const double *x, double *y, int steps)
{
    double a[3], b[3];
    for (int i = 0; i < 3; i++) a[i] = x[i];
    double *cur = a, *nxt = b;
    for (int t = 0; t < steps; t++) {
        for (int i = 0; i < 3; i++) nxt[i] = cur[(i + 1) % 3] * cur[i] + 0.5 * sin(cur[i]);
        double *tmp = cur; cur = nxt; nxt = tmp;
    }
    for (int i = 0; i < 3; i++) y[i] = cur[i] * (i + 1);
}

#pragma ad jacrev(vv) wrt(x[3]) out(y[3])
#pragma ad jacfwd(vv) wrt(x[3]) out(y[3])
#pragma ad jacrev(pingpong) wrt(x[3]) out(y[3])
#pragma ad jacfwd(pingpong) wrt(x[3]) out(y[3])

#include "jacrev_local_alias.ad.h"

int main(void)
{
    double x[3] = {0.3, -0.4, 0.8}, y[3], J[9], Jf[9];
    vv_jacrev(x, y, J);
    vv_jacfwd(x, y, Jf);
    CHECK_VEC_CLOSE("vv: jacrev = jacfwd", J, Jf, 9, 1e-14, 1e-15);
    for (int steps = 0; steps <= 3; steps++) {
        pingpong_jacrev(x, y, steps, J);
        pingpong_jacfwd(x, y, steps, Jf);
        CHECK_VEC_CLOSE("pingpong: jacrev = jacfwd", J, Jf, 9, 1e-14, 1e-15);
    }
    return oracle_result();
}
