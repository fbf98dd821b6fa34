/*
** grad/condarms: math calls in the arms of ?: stay under their condition
** in the backward sweep too. The forward code evaluates only the arm
** taken; the reverse sweep used to compute sqrt(h) (or log, exp) into a
** temporary before the ?: whichever arm was taken: sqrt of a negative,
** an FE_INVALID the original never raises, and calls it never makes.
**   arms:   s += h > 0 ? sqrt(h) : h * h, log in an arm, nested calls
**           under a factor (2 * (h < 0 ? exp(sin(h)) * h : cos(h))), and
**           sqrt on the right of && in a condition;
**   tailc:  return c ? sqrt(h) * x[2] : h * x[2];
**   counts: a custom_vjp helper in an arm runs (forward and backward)
**           exactly as often as the arm is taken;
**   inhelp: the same in helpers (split functions): return c ? pow(h, 0.5)
**           * k : h * k, a ?: with log as a helper's argument, acos.
** The jvp of each keeps its calls in their arms as well (jac/fwd_condarms
** covers jacfwd, hessian and hvp).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*, at points where no condition is near its switch), and
** fetestexcept(FE_INVALID | FE_DIVBYZERO) after each generated call at
** points where the untaken arms would raise; the counters.
*/
#include <fenv.h>
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 6

static int ncube, ncube_vjp;

double cube(double u)
{
    ncube++;
    return u * u * u;
}

double my_cube_vjp(double u, double *u_bar, double ret_bar)
{
    ncube_vjp++;
    *u_bar += 3.0 * u * u * ret_bar;
    return u * u * u;
}

#pragma ad custom_vjp(cube, my_cube_vjp)

double arms(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double h = x[i];
        s += h > 0 ? sqrt(h) : h * h;
        double l = h > 0.05 ? log(h) * h : 0.5 * h;
        s += l * x[(i + 1) % n];
        s += 2.0 * (h < 0 ? exp(sin(h)) * h : cos(h));
        s += (h > 0 && sqrt(h) > 0.5) ? h * h : 0.1 * h;
    }
    return s;
}

double tailc(const double *x, int n)
{
    double h = x[0] - x[1];
    (void)n;
    return h > 0 ? sqrt(h) * x[2] : h * x[2];
}

double counts(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] > 0 ? cube(x[i]) : x[i];
    return s;
}

static double hh(double h, double k)
{
    return h > 0 ? pow(h, 0.5) * k : h * k;
}

static double g1(double u)
{
    return u * u + 1.0;
}

double inhelp(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double h = x[i];
        s += hh(h, x[(i + 1) % n]);
        s += g1(h > 0.01 ? log(h) : h);
        double y = h > 0 ? acos(h - 1.0) : 0.0;
        s += y * x[i];
    }
    return s;
}

#pragma ad grad(arms) wrt(x[n])
#pragma ad vjp(arms) wrt(x[n])
#pragma ad jvp(arms) wrt(x[n])
#pragma ad grad(tailc) wrt(x[n])
#pragma ad vjp(tailc) wrt(x[n])
#pragma ad jvp(tailc) wrt(x[n])
#pragma ad grad(counts) wrt(x[n])
#pragma ad grad(inhelp) wrt(x[n])
#pragma ad vjp(inhelp) wrt(x[n])
#pragma ad jvp(inhelp) wrt(x[n])

#include "condarms.ad.h"

ORACLE_XN_WRAPPERS(arms, N)
ORACLE_XN_WRAPPERS(tailc, N)
ORACLE_XN_WRAPPERS(inhelp, N)

/* no FP exception the original would not raise (it raises none here) */
static void no_fp_exception(const char *what)
{
    int e = fetestexcept(FE_INVALID | FE_DIVBYZERO);
    CHECK_TRUE(what, e == 0);
}

int main(void)
{
    /* away from every switch (0, 0.05, sqrt(h) = 0.5) by more than the FD step */
    const double x0[N] = {0.8, -0.6, 0.3, -0.9, 0.02, -0.3};
    double g[N], xb[N], w = 1.0;

    OracleRng rng = oracle_rng(17);
    ORACLE_XN_CHECKS(arms, N, rng);
    ORACLE_XN_CHECKS(tailc, N, rng);
    ORACLE_XN_CHECKS(inhelp, N, rng);

    /* the untaken arms would take sqrt and log of negatives, log(0) */
    const double xneg[N] = {-0.5, -1.5, 0.0, -2.0, -0.25, 0.0};
    feclearexcept(FE_ALL_EXCEPT);
    arms(xneg, N);
    no_fp_exception("arms: the original raises no FP exception");
    feclearexcept(FE_ALL_EXCEPT);
    arms_grad(xneg, g, N);
    no_fp_exception("arms_grad: no FP exception");
    for (int i = 0; i < N; i++)
        xb[i] = 0;
    feclearexcept(FE_ALL_EXCEPT);
    arms_vjp(xneg, xb, N, w);
    no_fp_exception("arms_vjp: no FP exception");
    double v[N], dot;
    for (int i = 0; i < N; i++)
        v[i] = 1.0 - 0.25 * i;
    feclearexcept(FE_ALL_EXCEPT);
    arms_jvp(xneg, v, N, &dot);
    no_fp_exception("arms_jvp: no FP exception");
    feclearexcept(FE_ALL_EXCEPT);
    tailc_jvp(xneg, v, N, &dot);
    no_fp_exception("tailc_jvp: no FP exception");
    feclearexcept(FE_ALL_EXCEPT);
    inhelp_jvp(xneg, v, N, &dot);
    no_fp_exception("inhelp_jvp: no FP exception");
    feclearexcept(FE_ALL_EXCEPT);
    tailc_grad(xneg, g, N);
    no_fp_exception("tailc_grad: no FP exception");
    feclearexcept(FE_ALL_EXCEPT);
    inhelp_grad(xneg, g, N);
    no_fp_exception("inhelp_grad: no FP exception");

    /* the custom rule runs once per arm taken, forward and backward */
    int taken = 0;
    double want[N];
    for (int i = 0; i < N; i++) {
        taken += x0[i] > 0;
        want[i] = x0[i] > 0 ? 3.0 * x0[i] * x0[i] : 1.0;
    }
    ncube = ncube_vjp = 0;
    double r0 = counts(x0, N);
    int fwd_calls = ncube;
    ncube = 0;
    double r = counts_grad(x0, g, N);
    CHECK_EQ_INT("counts: cube runs once per positive x", fwd_calls, taken);
    CHECK_EQ_INT("counts_grad: cube runs as in the original", ncube, taken);
    CHECK_EQ_INT("counts_grad: its vjp runs once per arm taken", ncube_vjp, taken);
    CHECK_CLOSE("counts_grad primal", r, r0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("counts_grad = 3 x^2 or 1", g, want, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_TRUE("counts_grad: tape empty", ccad_tape_empty());
    return oracle_result();
}
