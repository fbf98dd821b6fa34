/*
** grad/branch_again: a branch inside a loop whose condition reads only
** what does not change while the loop runs is evaluated again by the
** backward sweep instead of taped (kissfft's if (st->inverse) in every
** butterfly). Here the condition's memory, y, is overwritten after its
** loop: that loop saves y, and the backward sweep puts it back before the
** condition is evaluated again (the branches themselves do not read y, so
** a missing restore takes the other branch and shows in the differences).
** A branch on a value the loop changes (t) stays taped.
** Oracles: central differences and the dot-product test with jvp.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double branch_again(const double *x, int n)
{
    double y[16], s = 0.0, t = 0.0;
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[i] - 0.3;
    for (int i = 0; i < n; i++) {
        if (y[i] > 0.0)
            s += x[i] * x[i] * x[i];
        else
            s -= sin(x[i]);
        t += x[i];
        if (t > 0.5)
            t = t * 0.5;                       /* the branch changes t */
        s += t * x[i];
    }
    for (int i = 0; i < n; i++)
        y[i] = -y[i];                          /* the condition's memory changes */
    for (int i = 0; i < n; i++)
        s += 0.1 * y[i] * x[i];
    return s;
}

#pragma ad grad(branch_again) wrt(x[n])
#pragma ad vjp(branch_again) wrt(x[n])
#pragma ad jvp(branch_again) wrt(x[n])

#include "branch_again.ad.h"

ORACLE_XN_CASE(branch_again, 9, 2718)
