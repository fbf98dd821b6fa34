// EXPECT-WARNING: 'grad' zeroes the floating fields of
/* grad of a function taking a struct BY VALUE whose pointer fields carry
** the inputs (Tinn's xttrain(const Tinn t, ...)) adds into the caller's
** shadow buffers (t_bar.w[i] += ...) as it does for a pointer to the
** struct, and now says so with the same warning (the manual, grad: "grad
** zeroes the struct's floating fields but not what its pointers lead to
** ..., and says so in a warning"); it said nothing (probe10). The gradient
** against its closed form. */
#include <math.h>
#include "ccad_oracle.h"

typedef struct Net { double *w; int n; } Net;
double loss(Net t)
{
    double s = 0;
    for (int i = 0; i < t.n; i++)
        s += t.w[i] * t.w[i];
    return s;
}

#pragma ad grad(loss) wrt(t)

#include "struct_byvalue_ptrfield_warning.ad.h"

int main(void)
{
    double w[3] = {1, 2, 3}, wb[3] = {10, 10, 10};
    Net t = {w, 3}, tb = {wb, 3};
    CHECK_CLOSE("primal", loss_grad(t, &tb), 14.0, 0, 0);
    /* documented: added to what the buffers hold */
    for (int i = 0; i < 3; i++) CHECK_CLOSE("accumulated", wb[i], 10 + 2 * w[i], 1e-15, 0);
    return oracle_result();
}
