/*
** grad/checkpoint_struct_field_alloc: a checkpointed loop whose iterations
** allocate scratch memory held in a struct field and free it again, the
** way a small vector type is used: `Vec t; t.d = malloc(..); ...
** vec_free(&t);` (a deallocator freeing v->d) in the step function, and
** `free(u.d)` on a field directly. Each iteration frees
** what it allocates, so it may run again; cc-ad paired allocations and
** frees only by a pointer variable and warned that the checkpoint was not
** applied (the loop taped in full).
** Oracles: central differences of f in p (rtol 1e-6), the dot-product test
** with jvp (oracle_check_*), repeated calls give identical gradients.
*/
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

typedef struct { int n; double *d; } Vec;

static void vec_free(Vec *v)
{
    free(v->d);
    v->d = NULL;
    v->n = 0;
}

static double step(double *st, const double *p, int n)
{
    Vec t;
    double s = 0.0;
    t.n = n;
    t.d = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++)
        t.d[i] = sin(st[i]) * p[i] + cos(st[(i + 1) % n]);
    for (int i = 0; i < n; i++) {
        st[i] += 0.1 * t.d[i];
        s += st[i] * st[i];
    }
    vec_free(&t);
    Vec u;
    u.d = malloc(sizeof(double));
    u.d[0] = s;
    s = u.d[0] * 1.5;
    free(u.d);
    return s;
}

double f(const double *p, int n)
{
    double st[4] = {0.1, 0.2, 0.3, 0.4}, s = 0.0;
#pragma ad checkpoint(snapshots=3)
    for (int k = 0; k < 25; k++)
        s += step(st, p, n) * 0.01;
    return s;
}

#pragma ad grad(f) wrt(p[n])
#pragma ad vjp(f) wrt(p[n])
#pragma ad jvp(f) wrt(p[n])

#include "checkpoint_struct_field_alloc.ad.h"

ORACLE_XN_CASE(f, 4, 1919)
