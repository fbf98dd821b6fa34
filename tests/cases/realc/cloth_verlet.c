/*
** realc/cloth_verlet: a Jakobsen-style cloth as games write it: particles
** in an array of structs (position, previous position, pinned flag),
** position Verlet with gravity and a wind force, then several relaxation
** passes over distance constraints (structural springs between grid
** neighbours, each pulled toward its rest length with a stiffness factor,
** the correction split between unpinned ends), pinned top corners skipped
** by `continue`. The time loop (a call per step) carries `#pragma ad checkpoint(snapshots=4)`.
** Inputs: wind[3] and the stiffness; output: the mean height of the cloth
** plus a sway term. Oracles: grad against central differences (h = 1e-6
** relative, rtol 1e-6), jvp dot grad (1e-12), the checkpointed gradient
** equal (1e-13) to the gradient of an identical uncheckpointed copy.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define GW 6
#define GH 5
#define NP (GW * GH)
#define NC (2 * GW * GH - GW - GH)
typedef struct { double x[3], px[3]; int pinned; } Particle;
typedef struct { int a, b; double rest; } Constraint;

static int build(Particle *p, Constraint *c)
{
    int nc = 0;
    for (int j = 0; j < GH; j++)
        for (int i = 0; i < GW; i++) {
            Particle *q = &p[j * GW + i];
            q->x[0] = q->px[0] = 0.1 * i; q->x[1] = q->px[1] = 0.0; q->x[2] = q->px[2] = -0.1 * j;
            q->pinned = j == 0 && (i == 0 || i == GW - 1);
            if (i + 1 < GW) { c[nc].a = j * GW + i; c[nc].b = j * GW + i + 1; c[nc++].rest = 0.1; }
            if (j + 1 < GH) { c[nc].a = j * GW + i; c[nc].b = (j + 1) * GW + i; c[nc++].rest = 0.1; }
        }
    return nc;
}
static void satisfy(Particle *p, const Constraint *c, int nc, double k)
{
    for (int m = 0; m < nc; m++) {
        Particle *a = &p[c[m].a], *b = &p[c[m].b];
        double d[3], len2 = 0.0;
        for (int t = 0; t < 3; t++) { d[t] = b->x[t] - a->x[t]; len2 += d[t] * d[t]; }
        double len = sqrt(len2), diff = k * (len - c[m].rest) / len;
        double wa = a->pinned ? 0.0 : 0.5, wb = b->pinned ? 0.0 : 0.5;
        if (a->pinned && b->pinned) continue;
        if (a->pinned) wb = 1.0;
        if (b->pinned) wa = 1.0;
        for (int t = 0; t < 3; t++) { a->x[t] += wa * diff * d[t]; b->x[t] -= wb * diff * d[t]; }
    }
}
static void step(Particle *p, const Constraint *c, int nc, const double *wind, double stiff, double dt2, int s)
{
    for (int i = 0; i < NP; i++) {
        if (p[i].pinned) continue;
        for (int t = 0; t < 3; t++) {
            double acc = wind[t] * (1.0 + 0.3 * sin(0.7 * s + i)) - (t == 2 ? 9.81 : 0.0);
            double xn = 2.0 * p[i].x[t] - p[i].px[t] + acc * dt2;
            p[i].px[t] = p[i].x[t]; p[i].x[t] = xn;
        }
    }
    for (int it = 0; it < 4; it++) satisfy(p, c, nc, stiff);
}
static double measure(const Particle *p)
{
    double h = 0.0, sway = 0.0;
    for (int i = 0; i < NP; i++) { h += p[i].x[2]; sway += p[i].x[1] * p[i].x[1]; }
    return h / NP + sway;
}
double cloth(const double *wind, double stiff, double dt, int steps)
{
    Particle p[NP]; Constraint c[NC];
    int nc = build(p, c);
#pragma ad checkpoint(snapshots=4)
    for (int s = 0; s < steps; s++) step(p, c, nc, wind, stiff, dt * dt, s);
    return measure(p);
}
double cloth_plain(const double *wind, double stiff, double dt, int steps)
{
    Particle p[NP]; Constraint c[NC];
    int nc = build(p, c);
    for (int s = 0; s < steps; s++) step(p, c, nc, wind, stiff, dt * dt, s);
    return measure(p);
}
#pragma ad grad(cloth) wrt(wind[3], stiff)
#pragma ad grad(cloth_plain) wrt(wind[3], stiff)
#pragma ad jvp(cloth) wrt(wind, stiff)
#include "cloth_verlet.ad.h"

int main(void)
{
    double wind[3] = {0.5, 1.2, 0.1}, stiff = 0.8, dt = 0.01, g[3], gs, g2[3], gs2;
    int steps = 37;
    double val = cloth_grad(wind, g, stiff, &gs, dt, steps);
    CHECK_CLOSE("primal", val, cloth(wind, stiff, dt, steps), 0, 0);
    double v2 = cloth_plain_grad(wind, g2, stiff, &gs2, dt, steps);
    CHECK_CLOSE("primal plain", v2, val, 0, 0);
    for (int i = 0; i < 3; i++) {
        double w[3]; memcpy(w, wind, sizeof w); double h = 1e-6 * fabs(wind[i]);
        w[i] += h; double fp = cloth(w, stiff, dt, steps); w[i] -= 2 * h; double fm = cloth(w, stiff, dt, steps);
        CHECK_CLOSE("grad wind", g[i], (fp - fm) / (2 * h), 1e-6, 1e-8);
        CHECK_CLOSE("ckpt = plain", g[i], g2[i], 1e-13, 1e-16);
    }
    double h = 1e-6, fp = cloth(wind, stiff + h, dt, steps), fm = cloth(wind, stiff - h, dt, steps);
    CHECK_CLOSE("grad stiff", gs, (fp - fm) / (2 * h), 1e-6, 1e-8);
    CHECK_CLOSE("ckpt = plain stiff", gs, gs2, 1e-13, 1e-16);
    double v[3] = {0.3, -0.2, 0.5}, sd = 0.1, jv;
    cloth_jvp(wind, v, stiff, sd, dt, steps, &jv);
    CHECK_CLOSE("jvp.grad", jv, oracle_dot(g, v, 3) + gs * sd, 1e-12, 1e-15);
    return oracle_result();
}
