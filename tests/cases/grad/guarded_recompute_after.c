/*
** grad/guarded_recompute_after: an `if` arm's local recomputed under its
** guard, the guard reading memory or a variable that the function changes
** AFTER the loop (probe20): c[0] of a parameter negated after the loop, a
** local array a helper rewrites after the loop (clobber), a scalar
** reassigned after the loop. The backward loop must evaluate the guard on
** the values the forward loop saw (sqrt / log of a negative, and the wrong
** arm's derivative, otherwise). Oracles: no FE_INVALID / FE_DIVBYZERO the
** original does not raise, the primal, the gradient against central
** differences, both sides of each guard.
*/
#include <fenv.h>
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

static void clobber(double *c, int n)
{
    for (int k = 0; k < n; k++) c[k] = -1.0 - c[k];
}

/* the guard reads c[0], which the function changes after the loop */
double after(const double *x, double *c, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        if (c[0] > 0.1) {
            double q = sqrt(c[0]);
            r += x[i] * x[i] * q;
        } else {
            r += x[i];
        }
    }
    c[0] = -c[0];
    for (int i = 0; i < n; i++) r += 0.1 * x[i] * c[1];
    return r;
}

/* the same through a local array and a helper that rewrites it */
double afterloc(const double *x, double a, int n)
{
    double c[2] = {a, a * 0.5};
    double r = 0;
    for (int i = 0; i < n; i++) {
        if (c[1] > 0.1) {
            double q = log(c[1]);
            r += x[i] * x[i] * q;
        } else {
            r += x[i] * c[0];
        }
    }
    clobber(c, 2);
    r += c[0] * x[0];
    return r;
}

/* the guard's variable changed after the loop (a scalar) */
double afterscal(const double *x, double a, int n)
{
    double b = a;
    double r = 0;
    for (int i = 0; i < n; i++) {
        if (b > 0.1) {
            double q = sqrt(b);
            r += x[i] * x[i] * q;
        }
    }
    b = -b - 1.0;
    r += b * x[0];
    return r;
}

#pragma ad grad(after) wrt(x[n]) out(return)
#pragma ad grad(afterloc) wrt(x[n], a)
#pragma ad grad(afterscal) wrt(x[n], a)

#include "guarded_recompute_after.ad.h"

#define FE_BAD (FE_INVALID | FE_DIVBYZERO)
enum { N = 4 };
static int which;
static double cc[2];

static double f(const double *xa)
{
    double c[2] = {cc[0], cc[1]};
    switch (which) {
    case 0: return after(xa, c, N);
    case 1: return afterloc(xa, xa[N], N);
    default: return afterscal(xa, xa[N], N);
    }
}

static void check(const char *label, int w, double a)
{
    which = w;
    cc[0] = a; cc[1] = 0.7;
    double xa[N + 1] = {0.3, -0.4, 0.8, 0.15, a}, g[N + 1] = {0}, want[N + 1];
    int nx = w == 0 ? N : N + 1;
    feclearexcept(FE_ALL_EXCEPT);
    double f0 = f(xa);
    int orig = fetestexcept(FE_BAD);
    for (int j = 0; j < nx; j++) {
        double xp[N + 1];
        memcpy(xp, xa, sizeof xp);
        double h = oracle_fd_step(xa[j], DBL_EPSILON);
        xp[j] += h;
        double fp = f(xp);
        xp[j] = xa[j] - h;
        want[j] = (fp - f(xp)) / (2 * h);
    }
    feclearexcept(FE_ALL_EXCEPT);
    double r, c[2] = {cc[0], cc[1]};
    switch (w) {
    case 0: r = after_grad(xa, g, c, N); break;
    case 1: r = afterloc_grad(xa, g, a, &g[N], N); break;
    default: r = afterscal_grad(xa, g, a, &g[N], N); break;
    }
    int got = fetestexcept(FE_BAD);
    CHECK_TRUE(label, (got & ~orig) == 0);
    CHECK_CLOSE(label, r, f0, 1e-14, 1e-14);
    CHECK_VEC_CLOSE(label, g, want, nx, ORACLE_RTOL_FD, 1e-9);
}

int main(void)
{
    check("after c0 = 0.5", 0, 0.5);
    check("after c0 = -0.5", 0, -0.5);
    check("afterloc a = 0.8", 1, 0.8);
    check("afterloc a = -0.8", 1, -0.8);
    check("afterscal a = 0.5", 2, 0.5);
    check("afterscal a = -0.5", 2, -0.5);
    return oracle_result();
}
