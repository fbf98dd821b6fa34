/*
** grad/guarded_recompute_global: an `if` arm's local under a guard that
** reads a global (cutoff), which a helper called after the loop rewrites
** (retune) (probe20): the backward loop must see the loop's cutoff (the
** arm's sqrt(cutoff) of the rewritten, negative value otherwise), and the
** global ends as the primal leaves it. Oracles: no FE_INVALID /
** FE_DIVBYZERO the original does not raise, the primal, the global after
** the call, the gradient against central differences, both sides of the
** guard.
*/
#include <fenv.h>
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

double cutoff = 0.5;
int calls;

static void retune(double a) { (void)a; cutoff = -cutoff - 0.3; calls++; }

/* the guard reads a global that a helper rewrites after the loop */
double f(const double *x, double a, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        if (cutoff > 0.1) {
            double q = sqrt(cutoff) * a;
            r += q * x[i] * x[i];
        } else {
            r += x[i] * a;
        }
    }
    retune(a);
    for (int i = 0; i < n; i++) r += 0.25 * x[i] * cutoff;
    return r;
}

#pragma ad grad(f) wrt(x[n], a)
#include "guarded_recompute_global.ad.h"

enum { N = 4 };
static double C0;
static double fx(const double *xa)
{
    cutoff = C0;
    return f(xa, xa[N], N);
}

int main(void)
{
    const double cs[2] = {0.5, -0.5};
    for (int k = 0; k < 2; k++) {
        C0 = cs[k];
        double xa[N + 1] = {0.3, -0.4, 0.8, 0.15, 0.7}, g[N + 1], want[N + 1];
        feclearexcept(FE_ALL_EXCEPT);
        double f0 = fx(xa);
        int orig = fetestexcept(FE_INVALID | FE_DIVBYZERO);
        double after = cutoff;
        for (int j = 0; j <= N; j++) {
            double xp[N + 1];
            memcpy(xp, xa, sizeof xp);
            double h = oracle_fd_step(xa[j], DBL_EPSILON);
            xp[j] += h;
            double fp = fx(xp);
            xp[j] = xa[j] - h;
            want[j] = (fp - fx(xp)) / (2 * h);
        }
        cutoff = C0;
        feclearexcept(FE_ALL_EXCEPT);
        double r = f_grad(xa, g, xa[N], &g[N], N);
        CHECK_TRUE("no FE the original does not raise", (fetestexcept(FE_INVALID | FE_DIVBYZERO) & ~orig) == 0);
        CHECK_CLOSE("primal", r, f0, 1e-14, 1e-14);
        CHECK_CLOSE("the global as the primal leaves it", cutoff, after, 0, 0);
        CHECK_VEC_CLOSE("grad vs differences", g, want, N + 1, ORACLE_RTOL_FD, 1e-9);
    }
    return oracle_result();
}
