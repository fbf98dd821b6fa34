/*
** grad/split_struct_copy (probe4, issue 14): energy() copies each particle
** of a malloc'd array into a struct local (Particle p = ps[i]). energy is
** called by two requests, so it is split (energy_fwd, energy_bwd) and
** gcc inlines neither; p lives in frame memory, and as *p = ps[i] gcc -O1
** -Wall warned in total_grad and total_vjp that ps "may be used
** uninitialized" (-Werror failed; the user's own code is clean). The copy
** into a framed struct is now memcpy(p, &ps[i], sizeof *p).
** Oracles: central differences, the dot-product test of vjp with jvp, and
** the generic checks of ORACLE_XN_CASE; run_case compiles with -O1 -Wall
** -Wextra -Werror.
*/
#include <math.h>
#include <stdlib.h>

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
        if (p.x > wall)
            p.x = 2.0 * wall - p.x;
        e += p.m * p.v * p.v + sin(p.x);
    }
    return e;
}

double total(const double *x, int n)
{
    Particle *ps = malloc((size_t)n * sizeof *ps);
    for (int i = 0; i < n; i++) {
        ps[i].x = x[i];
        ps[i].v = x[(i + 1) % n] * x[i];
        ps[i].m = 1.0;
        ps[i].id = i;
    }
    double e = energy(ps, n, 0.25);
    free(ps);
    return e;
}

#pragma ad grad(total) wrt(x[n])
#pragma ad vjp(total) wrt(x[n])
#pragma ad jvp(total) wrt(x[n])

#include "split_struct_copy.ad.h"

ORACLE_XN_CASE(total, 6, 9)
