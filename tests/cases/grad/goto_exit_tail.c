/* A goto to an "exit tail" in another block, as Cephes writes its error exits (lgam's
** `if (p == q) { lgsing: mtherr(...); return INFINITY; }` and later `goto lgsing;`): the
** label's statements run on to a return, so the goto is that tail, copied (lower_goto.c,
** lower_exit_tail). Both functions leave through the tail for some inputs (the labelled
** block itself, and a goto from a later loop), where the tail reads a malloc'd buffer
** and an accumulator of the function's outer block, and a parameter. Checked by the
** generic oracle: jvp against differences, vjp's dot-product test, grad. */
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

double tailed(const double *x, int n)
{
    double *w = malloc(n * sizeof *w);
    double s = 0;
    int i;
    for (i = 0; i < n; i++) {
        if (x[i] < -0.9) {
          fail:
            s += w[0] * x[n - 1];
            free(w);
            return 0.5 * s + x[0];
        }
        w[i] = x[i] * x[i];
        s += w[i] * x[0];
    }
    for (i = 0; i < n; i++) {
        if (w[i] > 0.7) goto fail;
        s += sin(w[i]);
    }
    free(w);
    return s;
}

#pragma ad grad(tailed) wrt(x[n])
#pragma ad vjp(tailed) wrt(x[n])
#pragma ad jvp(tailed) wrt(x[n])

#include "goto_exit_tail.ad.h"

ORACLE_XN_WRAPPERS(tailed, 7)

int main(void)
{
    OracleRng rng = oracle_rng(41);
    /* random points: each path (no exit, exit in the first loop, goto from the second) */
    for (int r = 0; r < 6; r++)
        ORACLE_XN_CHECKS(tailed, 7, rng);
    return oracle_result();
}
