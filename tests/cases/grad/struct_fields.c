/*
** grad/struct_fields: the to-be-recorded facts tell a struct's fields apart
** (a store into p.m saves nothing for backward code that reads p.pos.x),
** and still see every overlap: a read of a field, then a store of the
** struct whole (P w = ..., memcpy), of the nested struct that holds it
** (p[1].pos = t), of an array field (p.v[0]), and through a pointer of
** another struct type laid over it (Q *q = (Q *)&p[2].pos). fld2 does the
** same through helpers that change some fields of a struct passed by
** pointer (kick) while the caller and another helper (look) read others.
** A value not saved where a store overlaps it shows in the differences.
** Oracles: central differences and the dot-product test with jvp.
*/
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct V2 {
    double x, y;
} V2;

typedef struct P {
    V2 pos;
    double m;
    double v[2];
    int hits;
} P;

/* laid over V2 through a cast */
typedef struct Q {
    double a, b;
} Q;

/* reads fields, then overwrites the struct whole, a nested struct whole,
 * an array field, and through a pointer of another struct type */
double fld(const double *x, int n)
{
    P p[4];
    double s = 0.0;
    for (int i = 0; i < 4; i++) {
        p[i].pos.x = x[i % n];
        p[i].pos.y = x[(i + 1) % n];
        p[i].m = 1.0 + x[(i + 2) % n] * x[(i + 2) % n];
        p[i].v[0] = x[(i + 3) % n];
        p[i].v[1] = 0.5;
    }
    for (int i = 0; i < 4; i++) {
        s += sin(p[i].pos.x) * p[i].m;             /* reads pos.x, m */
        p[i].m = p[i].m * p[i].pos.y;               /* m overwritten */
        s += p[i].m * p[i].v[0] * p[i].v[0];
        p[i].v[0] = cos(p[i].v[0]);                 /* array field overwritten */
        s += p[i].v[0] * p[i].pos.y;
    }
    V2 t = {x[0] * 2.0, x[1] * 3.0};
    s += sin(p[1].pos.x * p[1].pos.y);
    p[1].pos = t;                                   /* nested struct whole */
    s += exp(0.1 * p[1].pos.x) * p[1].pos.y;
    Q *q = (Q *)&p[2].pos;                          /* another struct type */
    s += q->a * q->b * p[2].pos.x;
    q->a = q->a * q->a;
    s += sin(p[2].pos.x);
    P w = p[3];
    s += w.m * sin(w.pos.x);
    memcpy(&p[3], &p[0], sizeof(P));                /* whole struct */
    s += p[3].m * w.pos.y;
    return s;
}
static void kick(P *p, double dt)
{
    p->v[0] += dt * p->m;
    p->pos.x += dt * p->v[0] * p->v[0];
    p->hits++;
    if (p->pos.x > 1.0) p->m = p->m * 0.9;
}

static double look(const P *p)
{
    return sin(p->pos.x) * p->m + p->pos.y * p->v[1];
}

double fld2(const double *x, int n)
{
    P p = {{x[0], x[1]}, 1.0 + x[2] * x[2], {x[3], x[4]}, 0};
    double s = 0.0;
    for (int k = 0; k < 4; k++) {
        s += look(&p);
        kick(&p, 0.3 * x[k % n]);
        s += p.pos.y * cos(p.v[0]) + p.hits * 0.01 * p.m;
        p.pos.y = p.pos.y * p.v[1];
    }
    return s;
}
#pragma ad grad(fld) wrt(x[n])
#pragma ad vjp(fld) wrt(x[n])
#pragma ad jvp(fld) wrt(x[n])
#pragma ad grad(fld2) wrt(x[n])
#pragma ad vjp(fld2) wrt(x[n])
#pragma ad jvp(fld2) wrt(x[n])

#include "struct_fields.ad.h"

ORACLE_XN_WRAPPERS(fld, 5)
ORACLE_XN_WRAPPERS(fld2, 5)

int main(void)
{
    OracleRng rng = oracle_rng(31);
    ORACLE_XN_CHECKS(fld, 5, rng);
    ORACLE_XN_CHECKS(fld2, 5, rng);
    return oracle_result();
}
