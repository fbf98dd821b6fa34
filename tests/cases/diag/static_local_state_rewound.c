// EXPECT-EXIT: 1
// EXPECT-DIAG: static_local_state
// EXPECT-STDERR: FILE:14:19: error: static local 'last' keeps a value from one call to the next
/* A static local holding state the next call reads (`last`, set at the
** end of each call): f_grad's copy was saved and popped back by its
** backward sweep and never put back, so each f_grad saw last == 0. Refused
** like any static local that keeps a value between calls (a non-static
** global is shared and its final value put back: jac/static_state_global.c). */
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x)
{
    static double last;
    double r = (x[0] - last) * x[1];
    last = 3.0;
    return r;
}

#pragma ad grad(f) wrt(x[2])

#include "static_local_state_rewound.ad.h"

int main(void)
{
    double x[2] = {5.0, 2.0}, g[2];
    /* the original, called twice: 10, then 4 */
    /* f_grad called twice in its place must give the same */
    double v1 = f_grad(x, g);
    CHECK_CLOSE("call 1 primal", v1, 5.0 * 2.0, 0, 0);
    CHECK_CLOSE("call 1 d/dx0", g[0], 2.0, 0, 0);
    double v2 = f_grad(x, g);
    CHECK_CLOSE("call 2 primal", v2, (5.0 - 3.0) * 2.0, 0, 0);
    CHECK_CLOSE("call 2 d/dx1", g[1], 5.0 - 3.0, 0, 0);
    return oracle_result();
}
