/*
** grad/guarded_recompute_elseif: guarded locals whose guard reads a local
** the iteration sets under another if (d = -1; if (c[i] > 0) d = c[i] - a:
** the replayed prefix, adj_replay_body), two locals of one arm (sqrt(d),
** log(d) * q), an else-if chain whose second arm divides by d + 0.5, and
** (chain) a guarded local reading the counter and the arm's other guarded
** local (probe20). Oracles: no FE_INVALID / FE_DIVBYZERO the original does
** not raise, the primal, the gradient against central differences, every
** arm taken somewhere.
*/
#include <fenv.h>
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

/* the guard reads d, set under another if before it */
double condset(const double *x, const double *c, double a, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        double d = -1.0;
        if (c[i] > 0.0) d = c[i] - a;
        if (d > 0.1) {
            double q = sqrt(d);
            double p = log(d) * q;
            r += (q + p) * x[i] * x[i];
        } else if (d > -0.5) {
            double v = 1.0 / (d + 0.5);
            r += v * x[i];
        } else {
            r += x[i];
        }
    }
    return r;
}

/* the guarded local's expression reads the counter and another guarded local */
double chain(const double *x, double a, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        double e = a - 0.2 * i;
        if (e > 0.0) {
            double s = sqrt(e);
            double t = s * log(e + 1.0) / (1.0 + i);
            r += t * x[i] * x[i] + s * x[i];
        }
    }
    return r;
}

#pragma ad grad(condset) wrt(x[n], a)
#pragma ad grad(chain) wrt(x[n], a)
#include "guarded_recompute_elseif.ad.h"

#define FE_BAD (FE_INVALID | FE_DIVBYZERO)
enum { N = 6 };
static double C[N] = {0.9, -0.2, 0.7, 0.0, 0.8, 0.42};
static int which;
static double f(const double *xa) { return which ? chain(xa, xa[N], N) : condset(xa, C, xa[N], N); }

static void check(const char *label, int w, double a)
{
    which = w;
    double xa[N + 1] = {0.3, -0.4, 0.8, 0.15, -0.6, 0.45, a}, g[N + 1], want[N + 1];
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
    double r = w ? chain_grad(xa, g, a, &g[N], N) : condset_grad(xa, g, C, a, &g[N], N);
    CHECK_TRUE(label, (fetestexcept(FE_BAD) & ~orig) == 0);
    CHECK_CLOSE(label, r, f0, 1e-14, 1e-14);
    CHECK_VEC_CLOSE(label, g, want, N + 1, ORACLE_RTOL_FD, 1e-9);
}

int main(void)
{
    check("condset a = 0.25", 0, 0.25);
    check("condset a = 0.55", 0, 0.55);
    check("condset a = -0.3", 0, -0.3);
    check("chain a = 0.5", 1, 0.5);
    check("chain a = 0.91", 1, 0.91);
    check("chain a = -0.1", 1, -0.1);
    return oracle_result();
}
