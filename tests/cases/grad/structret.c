/*
** grad/structret: a helper that returns a struct by value, called in a
** loop (regression: its forward function kept the returned struct in a
** frame and returned the frame's pointer, which did not compile), and one
** that takes structs by value, plus an array of nested structs updated in
** place. Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct {
    double x, y;
} P2;

typedef struct {
    P2 a, b;
    double w;
} Seg;

static P2 mid(P2 p, P2 q)
{
    P2 m = {0.5 * (p.x + q.x), 0.5 * (p.y + q.y)};
    return m;
}

static double len(const Seg *s)
{
    double dx = s->b.x - s->a.x, dy = s->b.y - s->a.y;
    return sqrt(dx * dx + dy * dy) * s->w;
}

double f(const double *x, int n)
{
    Seg segs[3];
    for (int i = 0; i < 3; i++) {
        segs[i].a.x = x[i];
        segs[i].a.y = x[i + 1];
        segs[i].b.x = x[i + 2] * x[i];
        segs[i].b.y = sin(x[i + 3]);
        segs[i].w = 1.0 + 0.1 * i;
    }
    double s = 0;
    for (int i = 0; i < 3; i++) {
        P2 m = mid(segs[i].a, segs[i].b);
        s += len(&segs[i]) + m.x * m.y;
        segs[(i + 1) % 3].w *= 1.0 + 0.01 * m.x;
    }
    return s + x[n - 1];
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "structret.ad.h"

ORACLE_XN_CASE(f, 7, 3)
