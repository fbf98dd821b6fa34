/* OPEN (probe8): SILENTLY WRONG: a static local that carries no derivative
** but keeps state between calls (`static double last;` set to a constant at
** the end of each call, read at the start of the next) is saved before its
** write in f_grad's forward sweep and popped back in the backward sweep
** (`last = ccad_pop_d();`), and nothing puts the final value back: after
** f_grad returns, `last` holds its value from before the call. So every
** call of f_grad sees last == 0, where the original's second call sees
** last == 3: the second f_grad returns x0*x1 instead of (x0 - 3)*x1 and
** the gradient (x1, x0) instead of (x1, x0 - 3). For file-scope globals
** cc-ad does put the final values back (manual: "reverse-mode functions
** leave them with the values the original leaves"); a static local gets
** neither that nor the original's state (see also
** static_local_counter_copies.c: f_grad has its own copy). Contract section
** 3: "Every generated function also computes the primal: it has all the
** side effects of f and returns what f returns". Expected: the checks
** below, where f_grad is called in place of f; got the second call wrong.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w static_local_state_rewound.c */
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
