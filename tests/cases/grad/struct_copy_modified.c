/*
** grad/struct_copy_modified: a loop copies a struct from memory into a
** local (Particle p = ps[i];), then changes a field of the copy before it
** uses it (a reflection at a wall, a clamp, a field set from another). The
** backward sweep once set the copy again from memory at the start of the
** iteration's backward code (a struct copied from memory is recomputed,
** not saved, when nothing else sets it), reading the field from before the
** change: a silently wrong gradient for the particles whose branch ran.
** A store into a field of the copy is a write of it, so it is saved.
** Oracles: central differences (ORACLE_RTOL_FD), the dot-product test of
** vjp with jvp (1e-12), grad = vjp with seed 1; hvp against differences of
** grad (step 1e-5 along v, rtol 1e-6).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct {
    double x, v, m;
    int id;
} Particle;

static double energy(const Particle *ps, int n, double wall)
{
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        Particle p = ps[i];
        if (p.x > wall) {          /* reflect */
            p.x = 2.0 * wall - p.x;
            p.v = -p.v;
        }
        if (p.id % 3 == 2)
            p.m = p.v * p.v;       /* one field set from another */
        e += 0.5 * p.m * p.v * p.v + sin(p.x) * p.m;
    }
    return e;
}

double total(const double *x, int n)
{
    Particle *ps = calloc((size_t)n, sizeof *ps);
    for (int i = 0; i < n; i++) {
        ps[i].x = x[i];
        ps[i].v = x[(i + 1) % n] * x[i];
        ps[i].m = 1.0 + 0.1 * i;
        ps[i].id = i;
    }
    double e = energy(ps, n, 0.25);
    free(ps);
    return e;
}

double pairs(const double *x, int n)
{
    Particle ps[8];
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        ps[i].x = x[i];
        ps[i].v = cos(x[i]);
        ps[i].m = 2.0;
        ps[i].id = i;
    }
    for (int i = 0; i < n; i++) {
        Particle q = ps[i];
        if (i % 2)
            q.x = q.v;
        s += q.x * q.v * q.m;
    }
    return s;
}

#pragma ad grad(total) wrt(x[n])
#pragma ad vjp(total) wrt(x[n])
#pragma ad jvp(total) wrt(x[n])
#pragma ad hvp(total) wrt(x[n])
#pragma ad grad(pairs) wrt(x[n])
#pragma ad vjp(pairs) wrt(x[n])
#pragma ad jvp(pairs) wrt(x[n])

#include "struct_copy_modified.ad.h"

ORACLE_XN_WRAPPERS(total, 7)
ORACLE_XN_WRAPPERS(pairs, 6)

int main(void)
{
    OracleRng rng = oracle_rng(4242);
    for (int t = 0; t < 3; t++) {
        ORACLE_XN_CHECKS(total, 7, rng);
        ORACLE_XN_CHECKS(pairs, 6, rng);
    }
    /* hvp of total against differences of its gradient */
    double x[7], v[7], hv[7], xp[7], gp[7], gm[7], want[7], h = 1e-5;
    oracle_fill_uniform(&rng, x, 7, -1.0, 1.0);
    oracle_fill_normal(&rng, v, 7);
    total_hvp(x, v, hv, 7);
    for (int i = 0; i < 7; i++) xp[i] = x[i] + h * v[i];
    total_grad(xp, gp, 7);
    for (int i = 0; i < 7; i++) xp[i] = x[i] - h * v[i];
    total_grad(xp, gm, 7);
    for (int i = 0; i < 7; i++) want[i] = (gp[i] - gm[i]) / (2 * h);
    CHECK_VEC_CLOSE("total hvp vs differences of grad", hv, want, 7, 1e-6, 1e-8);
    return oracle_result();
}
