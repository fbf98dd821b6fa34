// NO-STANDALONE-HEADER: Params is an untagged struct typedef of this file, which its own included header cannot declare a second time
/*
** roundtrip/structs: structs by value, by pointer, nested, arrays of
** structs, struct assignment and copies (=, *p = q, memcpy), a struct
** returned by value, a struct with an array member, initializer lists
** (designated ones: roundtrip/designated), pointers to members (&p->pos), (*p).x, typedef'd and
** tagged structs, an anonymous-struct typedef, and a union of integers.
*/
#include <string.h>

#include "roundtrip.h"

struct Vec {
    double x, y;
};

typedef struct Body {
    struct Vec pos, vel;
    double mass;
    int id;
    double hist[3];
} Body;

typedef struct {
    double k;
    int steps;
} Params;

union Bits {
    unsigned u;
    int i;
};

static struct Vec add(struct Vec a, struct Vec b)
{
    struct Vec r = {a.x + b.x, a.y + b.y};
    return r;
}

static double dot(const struct Vec *a, const struct Vec *b) { return a->x * b->x + a->y * b->y; }

struct Vec centroid(const Body *bs, int n)
{
    struct Vec c = {0.0, 0.0};
    double mt = 0.0;
    for (int i = 0; i < n; i++) {
        struct Vec w = bs[i].pos;
        w.x *= bs[i].mass;
        w.y *= bs[i].mass;
        c = add(c, w);
        mt += bs[i].mass;
    }
    c.x /= mt;
    c.y /= mt;
    return c;
}

void step(Body *bs, int n, Params prm, const Params *pp, double dt)
{
    for (int s = 0; s < prm.steps; s++)
        for (int i = 0; i < n; i++) {
            Body *b = &bs[i];
            struct Vec *v = &b->vel;
            struct Vec f = {-prm.k * b->pos.x, -pp->k * b->pos.y}; /* {.x = ..}: roundtrip/designated */
            v->x += dt * f.x / b->mass;
            (*v).y += dt * f.y / (*b).mass;
            struct Vec dp = {dt * v->x, dt * v->y};
            b->pos = add(b->pos, dp);
            b->hist[s % 3] = dot(&b->pos, v);
        }
}

double energy(Body b, const Body *others, int n)
{
    Body tmp;
    memcpy(&tmp, &others[0], sizeof tmp);
    Body copy = b;
    copy.mass += tmp.mass;
    Body arr[2];
    arr[0] = copy;
    arr[1] = others[n - 1];
    double e = 0.0;
    for (int i = 0; i < 2; i++)
        e += 0.5 * arr[i].mass * dot(&arr[i].vel, &arr[i].vel) + arr[i].hist[i] + arr[i].id;
    union Bits bits;
    bits.u = 0xffffffffu;
    e += bits.i;
    return e;
}

#pragma ad jvp(centroid) wrt(bs[n]) out(return)
#pragma ad jvp(step) wrt(bs[n]) out(bs[n])
#pragma ad jvp(energy) wrt(b, others[n])

#include "structs.ad.h"

#define NB 4

static void fill(OracleRng *rng, Body *bs, int n)
{
    for (int i = 0; i < n; i++) {
        bs[i].pos.x = oracle_uniform(rng, -1, 1);
        bs[i].pos.y = oracle_uniform(rng, -1, 1);
        bs[i].vel.x = oracle_uniform(rng, -1, 1);
        bs[i].vel.y = oracle_uniform(rng, -1, 1);
        bs[i].mass = oracle_uniform(rng, 0.5, 2);
        bs[i].id = i;
        for (int k = 0; k < 3; k++)
            bs[i].hist[k] = oracle_uniform(rng, -1, 1);
    }
}

static void cmp_bodies(const Body *a, const Body *b, int n, int i)
{
    for (int k = 0; k < n; k++) {
        rt_cmp(a[k].pos.x, b[k].pos.x, i);
        rt_cmp(a[k].pos.y, b[k].pos.y, i);
        rt_cmp(a[k].vel.x, b[k].vel.x, i);
        rt_cmp(a[k].vel.y, b[k].vel.y, i);
        rt_cmp(a[k].mass, b[k].mass, i);
        rt_cmpi(a[k].id, b[k].id, i);
        rt_cmpv(a[k].hist, b[k].hist, 3, i);
    }
}

int main(void)
{
    OracleRng rng = oracle_rng(20);
    rt_begin("centroid");
    for (int i = 0; i < RT_NCASES; i++) {
        Body bs[NB];
        fill(&rng, bs, NB);
        struct Vec c0 = centroid(bs, NB), c1 = centroid_primal(bs, NB);
        rt_cmp(c1.x, c0.x, i);
        rt_cmp(c1.y, c0.y, i);
    }
    rt_end();
    rt_begin("step");
    for (int i = 0; i < RT_NCASES; i++) {
        Body b0[NB], b1[NB];
        fill(&rng, b0, NB);
        memcpy(b1, b0, sizeof b0);
        Params p = {1.3, 1 + i % 5}, q = {0.7, 0};
        step(b0, NB, p, &q, 0.05);
        step_primal(b1, NB, p, &q, 0.05);
        cmp_bodies(b1, b0, NB, i);
    }
    rt_end();
    rt_begin("energy");
    for (int i = 0; i < RT_NCASES; i++) {
        Body bs[NB];
        fill(&rng, bs, NB);
        rt_cmp(energy_primal(bs[1], bs, NB), energy(bs[1], bs, NB), i);
    }
    rt_end();
    return oracle_result();
}
