/*
** grad/guarded_recompute_mix: locals set in an arm of an `if` of a loop,
** which reverse mode sets again at the start of the backward iteration
** under the if's condition evaluated again (adjoint_recompute.c,
** guarded_at / guard_again), with conditions of other shapes (probe20):
**   outer    the guard reads a2 = a - 0.4 * o, set by an outer loop: each
**            backward pass sees its outer iteration's a2 (sqrt(a2) with
**            a2 < 0 where the arm was not taken);
**   shortc   a short-circuit guard, m != 0 && a / m > 0.1 (a / 0 and
**            log of a negative if evaluated unguarded);
**   local    the guard reads d = c[i] - a, a local the iteration sets
**            again; the else arm holds 1 / (d * d) and sqrt(d) (d == 0
**            and d < 0 where the first arm ran);
**   counter  i % 2 == 0 && lim[i] > a, memory the loop does not write.
** Oracles: no FE_INVALID / FE_DIVBYZERO the original does not raise
** (fetestexcept), the primal, the gradient against central differences
** (not at the pole d == 0).
*/
#include <fenv.h>
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

/* the guard reads a value an outer loop sets */
double outer(const double *x, double a, int n)
{
    double r = 0;
    for (int o = 0; o < 3; o++) {
        double a2 = a - 0.4 * o;
        for (int i = 0; i < n; i++) {
            if (a2 > 0.1) {
                double q = sqrt(a2);
                r += x[i] * q * x[i];
            } else {
                r += 0.5 * x[i];
            }
        }
    }
    return r;
}

/* a short-circuit guard: m != 0 && a / m > 0.1 */
double shortc(const double *x, double a, int n, int m)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        if (m != 0 && a / m > 0.1) {
            double q = log(a / m);
            r += x[i] * q * x[i];
        } else {
            r += sin(x[i]);
        }
    }
    return r;
}

/* a guard on a local the iteration sets again, an else arm with a division */
double local(const double *x, const double *c, double a, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        double d = c[i] - a;
        if (d <= 0.0) {
            r += x[i] * x[i];
        } else {
            double s = 1.0 / (d * d);
            double u = sqrt(d) * s;
            r += x[i] * u + s * x[i] * x[i];
        }
    }
    return r;
}

/* a guard read through memory the loop does not write, with the counter */
double counter(const double *x, const double *lim, double a, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        if (i % 2 == 0 && lim[i] > a) {
            double q = pow(lim[i] - a, 1.5);
            r += q * x[i] * x[i];
        }
    }
    return r;
}

#pragma ad grad(outer) wrt(x[n], a)
#pragma ad grad(shortc) wrt(x[n], a)
#pragma ad grad(local) wrt(x[n], a)
#pragma ad grad(counter) wrt(x[n], a)

#include "guarded_recompute_mix.ad.h"

#define FE_BAD (FE_INVALID | FE_DIVBYZERO)
enum { N = 5 };
static double C[N] = {0.3, -0.2, 0.7, 0.1, 0.5}, L[N] = {0.9, -0.5, 0.2, 0.4, 0.6};
static int which, MM;

static double f(const double *xa)
{
    switch (which) {
    case 0: return outer(xa, xa[N], N);
    case 1: return shortc(xa, xa[N], N, MM);
    case 2: return local(xa, C, xa[N], N);
    default: return counter(xa, L, xa[N], N);
    }
}

static void check(const char *label, int w, double a, int m, int fdok)
{
    which = w; MM = m;
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
    double r;
    switch (w) {
    case 0: r = outer_grad(xa, g, a, &g[N], N); break;
    case 1: r = shortc_grad(xa, g, a, &g[N], N, m); break;
    case 2: r = local_grad(xa, g, C, a, &g[N], N); break;
    default: r = counter_grad(xa, g, L, a, &g[N], N); break;
    }
    int got = fetestexcept(FE_BAD);
    CHECK_TRUE(label, (got & ~orig) == 0);
    CHECK_CLOSE(label, r, f0, 1e-14, 1e-14);
    if (fdok) CHECK_VEC_CLOSE(label, g, want, N + 1, ORACLE_RTOL_FD, 1e-9);
}

int main(void)
{
    check("outer a = 0.55 (o = 0 in, o >= 1 out: sqrt of a negative if unguarded)", 0, 0.55, 0, 1);
    check("outer a = 1.3", 0, 1.3, 0, 1);
    check("outer a = -0.3", 0, -0.3, 0, 1);
    check("shortc m = 0 (a / 0 if unguarded)", 1, 0.5, 0, 1);
    check("shortc m = 2", 1, 0.5, 2, 1);
    check("shortc m = -1 (log of a negative)", 1, 0.5, -1, 1);
    check("local a = 0.2 (mixed signs of d)", 2, 0.2, 0, 1);
    check("local a = 0.3 (d = 0 at i = 0: no FE, no differences at the pole)", 2, 0.3, 0, 0);
    check("local a = 0.31", 2, 0.31, 0, 1);
    check("counter a = 0.3", 3, 0.3, 0, 1);
    check("counter a = 0.45", 3, 0.45, 0, 1);
    return oracle_result();
}
