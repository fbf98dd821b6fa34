/*
** grad/static_state_callee: a helper with static locals that keep state
** between calls (a call counter that changes the result after two calls)
** or are initialized constants (f2c's DATA: static double one = 1.;),
** called from a reverse-mode request, so its derivative is split into a
** forward and a backward sweep whose declarations move to the top.
** Regression: the split forward sweep assigned the statics their
** initializers on every call (ncalls = 0;), so the counter never passed 2
** and the gradient's primal went wrong from the second call on, silently.
** (A constant table, static const, lives in the sweep's frame, set again
** on each call; diag/static_local_split refuses a static array that keeps
** state.)
** Oracles: f_grad's value equals f's call after call (each with its own
** counter), its gradient the closed form 2 s x (s = 1, then 2 from the
** second call of f on).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static double g(const double *x, int n)
{
    static int ncalls = 0;
    static double one = 1.;
    static const double w[3] = {0.5, 0.25, 0.25};
    double s = 0;
    int i;

    ncalls++;
    for (i = 0; i < n; i++)
        s += one * x[i] * x[i] * (w[0] + w[1] + w[2]);
    if (ncalls > 2)
        s *= 2;
    return s;
}

double f(const double *x, int n)
{
    return g(x, n) + g(x, n);
}

#pragma ad grad(f) wrt(x[n])

#include "static_state_callee.ad.h"

enum { N = 4 };

int main(void)
{
    OracleRng rng = oracle_rng(77);
    double x[N], gr[N], want[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    for (int call = 0; call < 3; call++) {
        char label[64];
        double y = f(x, N), yg = f_grad(x, gr, N);
        snprintf(label, sizeof label, "call %d: f_grad's value is f's", call);
        CHECK_CLOSE(label, yg, y, 1e-15, 0.0);
        double scale = call == 0 ? 2.0 : 4.0;  /* the two g calls of f, doubled from the 3rd on */
        for (int i = 0; i < N; i++)
            want[i] = scale * 2.0 * x[i];
        snprintf(label, sizeof label, "call %d: gradient", call);
        CHECK_VEC_CLOSE(label, gr, want, N, ORACLE_RTOL_EXACT, 0.0);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
