/*
** grad/guarded_recompute_carry: guards that must NOT be evaluated again as
** written at the start of the backward iteration (probe20): `carry` tests
** d before the iteration sets it (the previous iteration's d, a loop-
** carried value), `late` tests a local e that the iteration negates after
** the if. Set again from c[i] - a, or tested on the negated e, the arm's
** sqrt would take the wrong argument (wrong derivative, FE_INVALID).
** Oracles: no FE_INVALID / FE_DIVBYZERO the original does not raise, the
** primal, the gradient against central differences, both signs of a.
*/
#include <fenv.h>
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

/* the guard reads d before the iteration sets it: the previous iteration's d */
double carry(const double *x, const double *c, double a, int n)
{
    double r = 0, d = 0.5;
    for (int i = 0; i < n; i++) {
        if (d > 0.1) {
            double q = sqrt(d);
            r += q * x[i] * x[i];
        } else {
            r += x[i];
        }
        d = c[i] - a;
    }
    return r + d;
}

/* the guard reads a value set in the iteration, then changed after the if */
double late(const double *x, const double *c, double a, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        double e = c[i] - a;
        if (e > 0.1) {
            double q = sqrt(e);
            r += q * x[i] * x[i];
        }
        e = -e;
        r += e * x[i];
    }
    return r;
}

#pragma ad grad(carry) wrt(x[n], a)
#pragma ad grad(late) wrt(x[n], a)

#include "guarded_recompute_carry.ad.h"

#define FE_BAD (FE_INVALID | FE_DIVBYZERO)
enum { N = 5 };
static double C[N] = {0.9, -0.2, 0.7, 0.0, 0.8};
static int which;

static double f(const double *xa)
{
    return which ? late(xa, C, xa[N], N) : carry(xa, C, xa[N], N);
}

static void check(const char *label, int w, double a)
{
    which = w;
    double xa[N + 1] = {0.3, -0.4, 0.8, 0.15, -0.6, a}, g[N + 1], want[N + 1];
    feclearexcept(FE_ALL_EXCEPT);
    double f0 = f(xa);
    int orig = fetestexcept(FE_BAD);
    for (int j = 0; j <= N; j++) {
        double xp[N + 1];
        memcpy(xp, xa, sizeof xp);
        double h = oracle_fd_step(xa[j], DBL_EPSILON);
        xp[j] += h;
        double fp = f(xp);
        xp[j] = xa[j] - h;
        want[j] = (fp - f(xp)) / (2 * h);
    }
    feclearexcept(FE_ALL_EXCEPT);
    double r = w ? late_grad(xa, g, C, a, &g[N], N) : carry_grad(xa, g, C, a, &g[N], N);
    int got = fetestexcept(FE_BAD);
    CHECK_TRUE(label, (got & ~orig) == 0);
    CHECK_CLOSE(label, r, f0, 1e-14, 1e-14);
    CHECK_VEC_CLOSE(label, g, want, N + 1, ORACLE_RTOL_FD, 1e-9);
}

int main(void)
{
    check("carry a = 0.3", 0, 0.3);
    check("carry a = -0.5", 0, -0.5);
    check("late a = 0.3", 1, 0.3);
    check("late a = -0.5", 1, -0.5);
    return oracle_result();
}
