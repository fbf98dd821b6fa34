/*
** grad/static_state_callee: a helper with state kept between calls (a call
** counter that changes the result after two calls) and static locals that
** are initialized constants (f2c's DATA: static double one = 1.;, and a
** static const table), called from a reverse-mode request, so its
** derivative is split into a forward and a backward sweep whose
** declarations move to the top.
** Regression: the split forward sweep assigned the statics their
** initializers on every call (ncalls = 0;), so the counter never passed 2
** and the gradient's primal went wrong from the second call on, silently.
** The counter is a file-scope variable, not a static local: f_grad then
** shares it with f (one object, as the contract's side effects require);
** a static local counter, which FILE.ad.c could only copy, is refused
** (diag/static_local_counter_copies.c).
** Oracles: f_grad's value equals what f returns at that call (f run first,
** the counter put back), and leaves the counter where f leaves it; its
** gradient the closed form 2 s x (s = 1, then 2 from the second call of f
** on).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

int ncalls = 0;

static double g(const double *x, int n)
{
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
        int before = ncalls;
        double y = f(x, N);
        int after = ncalls;
        ncalls = before;
        double yg = f_grad(x, gr, N);
        snprintf(label, sizeof label, "call %d: f_grad advances the counter as f does", call);
        CHECK_TRUE(label, ncalls == after);
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
