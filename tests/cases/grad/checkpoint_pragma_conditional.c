/* grad/checkpoint_pragma_conditional: `#pragma ad checkpoint` under the
** preprocessor's control, as codes that make checkpointing a build option
** write it:
**     #ifdef USE_CKPT
**     #pragma ad checkpoint
**     #endif
**     for (...)
** and a pragma followed by a conditional choice of the loop (#if 0 ... #else
** ... #endif). The statement a checkpoint applies to was found as the next
** line of code, and a directive line (#endif) in between made it "must be
** followed by a loop": the lines of directives, and lines the preprocessor
** skips, are now passed over.
** Oracles: the checkpoint applied (ccad_checkpoint_steps), gradients
** against central differences. */
#define USE_CKPT 1
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x, int n, int steps)
{
    double u = x[0], v = x[1];
#ifdef USE_CKPT
#pragma ad checkpoint
#endif
    for (int t = 0; t < steps; t++) {
        double du = 0.1 * sin(v), dv = -0.1 * u * cos(x[2 % n]);
        u += du;
        v += dv;
    }
    double r = u * v;
#pragma ad checkpoint(snapshots=3)
#if 0
    for (int t = 0; t < 2 * steps; t++) r = r * 0.5;  /* skipped: not the loop */
#else
    for (int t = 0; t < steps; t++) r = r + 0.05 * sin(r + x[t % n]);
#endif
    return r;
}
#pragma ad grad(f) wrt(x[n])

#include "checkpoint_pragma_conditional.ad.h"

enum { N = 3, STEPS = 40 };
static void flat(void *c, const double *x, double *y) { (void)c; *y = f(x, N, STEPS); }
int main(void)
{
    double x[N] = {0.4, -0.3, 0.7}, g[N], fd[N];
    oracle_fd_grad(flat, NULL, N, x, fd);
    ccad_checkpoint_reset_counts();
    CHECK_CLOSE("value", f_grad(x, g, N, STEPS), f(x, N, STEPS), 1e-14, 0);
    CHECK_TRUE("the checkpoints are applied", ccad_checkpoint_steps() > 0);
    CHECK_VEC_CLOSE("grad vs differences", g, fd, N, ORACLE_RTOL_FD, 1e-10);
    return oracle_result();
}
