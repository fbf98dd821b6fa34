/* OPEN (probe6): silently wrong gradient, grad / vjp (reverse mode; jvp is
** right). A file-scope (non-static) double array of coefficients that a
** helper of the file rewrites between uses (time-dependent coefficients
** set each step, set_coef(t), a classic in time-stepping code) is read by
** the backward sweep at its final values instead of the values the
** forward sweep used: the generated f_grad does
**     forward:  u = x[k] * coef[k]; ...; set_coef(k + 5) rewrites coef
**     backward: x_bar[k] = u_bar * coef[k];      <- the last coef
** No diagnostic: the contract rejects writes to *active* globals, and the
** manual says "file-scope variables read by f are constants for the
** derivative", which they are not here. This program: grad 0.0837,
** -0.3232 instead of 0.0140, -0.2771 (closed form with the coefficients
** in force at each read; jvp agrees with the closed form). A scalar
** global (double dt; set_dt(k)) behaves the same way. The same stores
** written directly in f (dt = ...; cf[k] = ...; cfg.a = ... on globals)
** are saved and give the right gradient: only a store made by a called
** helper is missed. Integer counters too, which the manual covers
** explicitly ("writes to non-static integer file-scope variables
** (counters) run as in the original ... the backward sweep, which may step
** them back to read older values, puts the final ones back"): g below
** reads nstep in sin(x[k] * nstep) and a helper tick() does nstep += 3;
** g_grad gives 6.898, 0.409 instead of 0.985, 0.233 (nstep's final value
** 7 is right). And through an inactive helper (#pragma ad
** inactive(cool), cool(k) { temp = 1.0 / (k + 1); }, an annealing
** schedule read as sin(x[k] * temp)): 0.141, -0.019 instead of 0.985,
** -0.022. The converse too: f stores the global directly and a helper
** reads it (dt = 0.1 * (k + 1); u = step(u) * x[1]; with step reading
** dt): the helper's backward code reads dt's final value; h below:
** h_grad -0.0828, 0.3908 against central differences -0.0733, 0.3847.
** (With #pragma ad checkpoint on h's loop the gradient is right: the
** recomputed iteration stores dt again before its backward code runs.)
** Expected: save the
** coefficients the backward sweep reads (or the global before each call
** that writes it), as for integer counters ("the backward sweep ... puts
** the final ones back"), or refuse the write.
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/global_coef_rewritten.c
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double coef[4];

static void set_coef(int k)
{
    for (int i = 0; i < 4; i++)
        coef[i] = 0.1 * (i + k);
}

double f(const double *x)
{
    double s = 0.0;
    set_coef(1);
    for (int k = 0; k < 2; k++) {
        double t = sin(x[k] * coef[k]);
        set_coef(k + 5);
        s += t * t;
    }
    return s;
}

int nstep;

static void tick(void)
{
    nstep += 3;
}

double g(const double *x)
{
    double s = 0.0;
    nstep = 1;
    for (int k = 0; k < 2; k++) {
        double t = sin(x[k] * nstep);
        tick();
        s += t * t;
    }
    return s;
}

double dt;

static double step(double u)
{
    return u + dt * sin(u * dt);
}

double h(const double *x)
{
    double u = x[0];
    for (int k = 0; k < 3; k++) {
        dt = 0.1 * (k + 1);
        u = step(u) * x[1];
    }
    return u;
}

#pragma ad grad(f) wrt(x[2])
#pragma ad grad(h) wrt(x[2])
#pragma ad grad(g) wrt(x[2])
#pragma ad jvp(f) wrt(x[2])

#include "global_coef_rewritten.ad.h"

int main(void)
{
    double x[2] = {0.7, -0.4}, g[2], d0, d1;
    /* the reads: k = 0 reads coef[0] = 0.1 (set_coef(1)), k = 1 reads
       coef[1] = 0.1 * (1 + 5) = 0.6 (set_coef(5)) */
    double c0 = 0.1, c1 = 0.6;
    double want0 = 2 * sin(x[0] * c0) * cos(x[0] * c0) * c0;
    double want1 = 2 * sin(x[1] * c1) * cos(x[1] * c1) * c1;
    f_grad(x, g);
    CHECK_CLOSE("grad[0] closed form", g[0], want0, 1e-12, 1e-14);
    CHECK_CLOSE("grad[1] closed form", g[1], want1, 1e-12, 1e-14);
    f_jvp(x, (double[2]){1, 0}, &d0);
    f_jvp(x, (double[2]){0, 1}, &d1);
    CHECK_CLOSE("jvp[0] closed form", d0, want0, 1e-12, 1e-14);
    CHECK_CLOSE("jvp[1] closed form", d1, want1, 1e-12, 1e-14);
    /* g: nstep is 1 at the first read, 4 at the second */
    g_grad(x, g);
    CHECK_CLOSE("counter grad[0] closed form", g[0], 2 * sin(x[0]) * cos(x[0]), 1e-12, 1e-14);
    CHECK_CLOSE("counter grad[1] closed form", g[1], 2 * sin(4 * x[1]) * cos(4 * x[1]) * 4, 1e-12, 1e-14);
    CHECK_EQ_INT("nstep after g_grad", nstep, 7);
    /* h against central differences */
    double gh[2];
    h_grad(x, gh);
    for (int j = 0; j < 2; j++) {
        double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]}, hh = 1e-6;
        xp[j] += hh;
        xm[j] -= hh;
        CHECK_CLOSE("h grad vs differences", gh[j], (h(xp) - h(xm)) / (2 * hh), 1e-6, 1e-8);
    }
    return oracle_result();
}
