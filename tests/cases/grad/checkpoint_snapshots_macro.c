/*
** grad/checkpoint_snapshots_macro: the snapshot count of '#pragma ad
** checkpoint(snapshots=K)' written as an object-like macro (#define NSNAP
** 3, also one naming another) or a file-scope enumeration constant, as
** sizes in clauses may be. They were refused ("the number of snapshots
** must be a positive integer"). Oracle: the gradient against central
** differences (ORACLE_RTOL_FD), and the checkpointed loops recompute
** iterations (ccad_checkpoint_recomputations() > 0).
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

#define NSNAP 3
#define SNAPS NSNAP
enum { KSNAP = 2 };

double f(const double *x, int T)
{
    double a = x[0];
#pragma ad checkpoint(snapshots=SNAPS)
    for (int t = 0; t < T; t++) a = a + 0.1 * sin(a * x[1]);
#pragma ad checkpoint(snapshots=KSNAP)
    for (int t = 0; t < T; t++) a = a * 0.99 + 0.01 * x[1];
    return a;
}

#pragma ad grad(f) wrt(x[2])

#include "checkpoint_snapshots_macro.ad.h"

static void flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = f(x, 50);
}

int main(void)
{
    double x[2] = {0.3, 0.8}, g[2], gfd[2];
    oracle_fd_grad(flat, 0, 2, x, gfd);
    ccad_checkpoint_reset_counts();
    f_grad(x, g, 50);
    CHECK_VEC_CLOSE("grad", g, gfd, 2, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_TRUE("recomputed", ccad_checkpoint_recomputations() > 0);
    return oracle_result();
}
