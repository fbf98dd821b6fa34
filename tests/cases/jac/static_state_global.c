/* jac/static_state_global: the form cc-ad advises for a call counter (a
** static local one is refused: diag/static_local_counter_copies.c): a
** file-scope counter that is not static is one object shared by f and
** every generated function, so f_grad, f_jvp and f_jacfwd see the count
** that f would see at that call and advance it by one call each (f_jacfwd
** with n = 20 runs three sweeps of 8: the driver puts the counter back
** before each sweep, so every column sees the same call). Oracles: closed
** forms, 2 x_i * calls. */
#include <math.h>
#include "ccad_oracle.h"

int calls = 0;
double f(const double *x, int n)
{

    calls++;
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * calls;
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#pragma ad jacfwd(f) wrt(x[n])

#include "static_state_global.ad.h"

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
