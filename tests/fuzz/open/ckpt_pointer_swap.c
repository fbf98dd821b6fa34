/* OPEN (probe5): SILENTLY WRONG gradient (grad, vjp, hessian: every
** reverse mode) of a checkpointed loop that swaps pointers, the ping-pong
** buffers of every explicit time stepper:
**   double *cur = a, *nxt = b;
**   #pragma ad checkpoint
**   for (t = 0; t < steps; t++) { step(cur, nxt); tmp = cur; cur = nxt; nxt = tmp; }
** The snapshots save and load cur, nxt, tmp (and the buffers a, b) but not
** their shadow pointers cur_bar, nxt_bar, tmp_bar: after ccad_ckpt_load the
** primal pointers are back at the snapshot's values while the shadows keep
** the end-of-loop pairing, so the adjoints land in the other buffer. With
** one step: grad got (0, 0, 0), want (4 u0, c, u1); two steps got (1, 2, 0),
** want (2 c u0, 4 c^2 u1, u0^2 + 4 c u1^2). Without the pragma the same code
** is right, and no diagnostic is printed. (Found with a 5-point stencil
** stepped 0..8 times; hessian of the checkpointed version wrong too.)
** Expected: the shadow of every pointer variable in the loop state saved
** and loaded with it (or the pointer recomputed from its primal).
** Where: tool/transform/adjoint_ckpt.c, the state list (ccad_ckpt_save /
** ccad_ckpt_load of variables the body writes) has the primal pointer
** variables only.
** Self-checking; reproduce (exit 1, FAIL lines):
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a \
**     include /tmp/w tests/fuzz/open/ckpt_pointer_swap.c                     */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

double pp(const double *u0, double c, int steps)
{
    double *a = malloc(2 * sizeof *a), *b = malloc(2 * sizeof *b);
    a[0] = u0[0]; a[1] = u0[1];
    double *cur = a, *nxt = b;
#pragma ad checkpoint
    for (int t = 0; t < steps; t++) {
        nxt[0] = c * cur[1];
        nxt[1] = cur[0] * cur[0];
        double *tmp = cur; cur = nxt; nxt = tmp;
    }
    double s = cur[0] + 2.0 * cur[1];
    free(a); free(b);
    return s;
}

#pragma ad grad(pp) wrt(u0[2], c)

#include "ckpt_pointer_swap.ad.h"
int main(void)
{
    double u[2] = {0.3, -0.4}, c = 0.7, g[2], gc;
    /* steps = 1: s = c u1 + 2 u0^2 */
    pp_grad(u, g, c, &gc, 1);
    CHECK_CLOSE("1 step du0", g[0], 4 * u[0], 1e-14, 0);
    CHECK_CLOSE("1 step du1", g[1], c, 1e-14, 0);
    CHECK_CLOSE("1 step dc", gc, u[1], 1e-14, 0);
    /* steps = 2: (c u1, u0^2) -> (c u0^2, c^2 u1^2): s = c u0^2 + 2 c^2 u1^2 */
    pp_grad(u, g, c, &gc, 2);
    CHECK_CLOSE("2 step du0", g[0], 2 * c * u[0], 1e-14, 0);
    CHECK_CLOSE("2 step du1", g[1], 4 * c * c * u[1], 1e-14, 0);
    CHECK_CLOSE("2 step dc", gc, u[0] * u[0] + 4 * c * u[1] * u[1], 1e-14, 0);
    return oracle_result();
}
