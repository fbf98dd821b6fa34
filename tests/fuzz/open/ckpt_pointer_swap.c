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
** A pointer that walks a local array in the checkpointed loop (*p = ...;
** p++; q++;) loses everything the same way: grad of walk() is all zero
** (want e.g. 3.79 for x[0]; the unpragma'd copy is right).
** The same with the two pointers in a struct (Buf {double *cur, *nxt; int n;})
** swapped by a helper called in the checkpointed loop: wrong for every
** step count (the struct is saved whole, its shadow b_bar is not).
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

double walk(const double *x, int n)
{
    double buf[16];
    double *p = buf;
    const double *q = x;
    double acc = 1.0;
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < n; t++) {
        *p = sin(*q) * acc;
        acc += *p;
        p++; q++;
    }
    double s = 0.0;
    for (int i = 0; i < n; i++) s += buf[i] * buf[i];
    return s + acc;
}

#pragma ad grad(walk) wrt(x[n])

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
    /* walk, 2 steps: b0 = sin x0, acc = 1 + b0, b1 = sin(x1) acc, f = b0^2 + b1^2 + acc + b1 */
    double x[2] = {0.3, -0.4}, gw[2];
    walk_grad(x, gw, 2);
    double s0 = sin(x[0]), c0 = cos(x[0]), s1 = sin(x[1]), c1 = cos(x[1]);
    double acc = 1.0 + s0, b1 = s1 * acc;
    double df_db1 = 2.0 * b1 + 1.0;
    CHECK_CLOSE("walk dx0", gw[0], (2.0 * s0 + 1.0 + df_db1 * s1) * c0, 1e-12, 1e-14);
    CHECK_CLOSE("walk dx1", gw[1], df_db1 * c1 * acc, 1e-12, 1e-14);
    return oracle_result();
}
