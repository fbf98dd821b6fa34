/* grad/global_rewritten (probe6): file-scope variables that a helper of the
** file rewrites between uses (time-dependent coefficients set each step,
** set_coef(k); a counter tick() steps; an annealing schedule an inactive
** helper sets) were read by the backward sweep at their final values:
** silently wrong gradients. So was a global f stores and a helper's
** backward code reads (h: dt read by step). analysis/globals.c tells which
** globals a function of the file stores into and reads, itself or deeper;
** reverse mode saves the ones a call rewrites around it (when earlier
** backward code reads them), counts a helper's reads as its call's, and
** puts the final values back at the end. Also under #pragma ad checkpoint.
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

double temp;

static void cool(int k)
{
    temp = 1.0 / (k + 1);
}
#pragma ad inactive(cool)

double anneal(const double *x)
{
    double s = 0.0;
    cool(0);
    for (int k = 0; k < 2; k++) {
        double t = sin(x[k] * temp);
        cool(k + 1);
        s += t * t;
    }
    return s;
}

double fck(const double *x)
{
    double s = 0.0;
    set_coef(1);
#pragma ad checkpoint(snapshots=1)
    for (int k = 0; k < 2; k++) {
        double t = sin(x[k] * coef[k]);
        set_coef(k + 5);
        s += t * t;
    }
    return s;
}

#pragma ad grad(anneal) wrt(x[2])
#pragma ad grad(fck) wrt(x[2])

#include "global_rewritten.ad.h"

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
    /* anneal: temp is 1 at the first read, 1/2 at the second */
    anneal_grad(x, g);
    CHECK_CLOSE("anneal grad[0] closed form", g[0], 2 * sin(x[0]) * cos(x[0]), 1e-12, 1e-14);
    CHECK_CLOSE("anneal grad[1] closed form", g[1], 2 * sin(0.5 * x[1]) * cos(0.5 * x[1]) * 0.5, 1e-12, 1e-14);
    CHECK_CLOSE("temp after anneal_grad", temp, 1.0 / 3, 0, 0);
    /* fck: f with its loop checkpointed */
    fck_grad(x, g);
    CHECK_CLOSE("checkpointed grad[0] closed form", g[0], want0, 1e-12, 1e-14);
    CHECK_CLOSE("checkpointed grad[1] closed form", g[1], want1, 1e-12, 1e-14);
    return oracle_result();
}
