/* OPEN (probe8): SILENTLY WRONG: a static local counter of f (an int: it
** carries no derivative, only state) is duplicated into every generated
** function: f_grad, f_jvp, f_jacfwd and f_hessian each declare their own
** `static int calls = 0;`, so after two calls of f, f_grad sees calls == 1
** where the original sees 3: it returns a primal that f would not return
** (want 3*sum(x^2), got 1*sum(x^2)) and a gradient scaled by 1 instead of 3,
** and the counter of f does not advance. f_jacfwd with n = 20 (three sweeps
** of 8) even sees calls = 1, 2, 3 in its three sweeps, so its columns are
** scaled differently (the drivers put back globals between sweeps, not
** static locals). Contract section 3: "Every generated function also
** computes the primal: it has all the side effects of f and returns what f
** returns"; section 4: "calls that carry no derivative (... counters), which
** run exactly as often as in the original"; the manual: "static scalars:
** counters keep counting". Expected: the generated code uses the one counter
** of f (for instance by hoisting it to a file-scope variable the generated
** file can reach, or by refusing the program with an error), never a copy
** that silently diverges.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w static_local_counter_copies.c */
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x, int n)
{
    static int calls = 0;
    calls++;
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * calls;
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#pragma ad jacfwd(f) wrt(x[n])

#include "static_local_counter_copies.ad.h"

int main(void)
{
    enum { N = 20 };
    double x[N], g[N], J[N], xd[N], s0 = 0;
    for (int i = 0; i < N; i++) {
        x[i] = 0.1 * i - 0.7;
        xd[i] = 1.0;
        s0 += x[i] * x[i];
    }
    CHECK_CLOSE("f call 1", f(x, N), 1 * s0, 1e-12, 0);
    CHECK_CLOSE("f call 2", f(x, N), 2 * s0, 1e-12, 0);
    /* the third call is f_grad: it returns what f returns, calls == 3 */
    double v = f_grad(x, g, N);
    CHECK_CLOSE("f_grad primal (call 3)", v, 3 * s0, 1e-12, 0);
    for (int i = 0; i < N; i++)
        CHECK_CLOSE("f_grad", g[i], 2 * x[i] * 3, 1e-12, 1e-14);
    /* call 4 */
    double rd, want_rd = 0;
    v = f_jvp(x, xd, N, &rd);
    for (int i = 0; i < N; i++) want_rd += 2 * x[i] * 4;
    CHECK_CLOSE("f_jvp primal (call 4)", v, 4 * s0, 1e-12, 0);
    CHECK_CLOSE("f_jvp", rd, want_rd, 1e-12, 1e-14);
    /* call 5: every column sees calls == 5, whatever the number of sweeps */
    f_jacfwd(x, N, J);
    for (int i = 0; i < N; i++)
        CHECK_CLOSE("f_jacfwd", J[i], 2 * x[i] * 5, 1e-12, 1e-14);
    /* the counter of f has advanced by one per generated call */
    CHECK_CLOSE("f call 6", f(x, N), 6 * s0, 1e-12, 0);
    return oracle_result();
}
