// EXPECT-EXIT: 1
// EXPECT-DIAG: static_local_state
// EXPECT-STDERR: FILE:18:16: error: static local 'calls' keeps a value from one call to the next
/* A static local call counter of f (read before it is written: it keeps a
** value from one call to the next) cannot be copied into FILE.ad.c: each
** generated function (f_grad, f_jvp, f_jacfwd's sweeps) had its own counter
** starting at 0, so f_grad after two calls of f returned 1*sum(x^2) where f
** would return 3*sum(x^2), and f's counter did not advance (contract section
** 3: every generated function has all the side effects of f). FILE.ad.c
** cannot reach a static of FILE.c, so cc-ad refuses it, at the declaration,
** with the advice that works (a non-static file-scope counter: the
** generated code shares it, jac/static_state_global.c). */
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
