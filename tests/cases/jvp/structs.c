/*
** jvp/structs: structs by value, by pointer, nested, arrays of structs with
** an int field, a struct returned by value, struct assignment, a local
** struct with an initializer, memcpy of a struct, and pointers to array
** elements (Particle *p = &parts[i]; p->vel.x += ...). Shadows have the
** struct's own type; only the double fields carry derivatives: the int
** fields of the shadows are set to garbage by the test and must not matter.
*/
#include <math.h>
#include <string.h>

#include "ccad_oracle.h"

typedef struct Vec2 {
    double x, y;
} Vec2;

typedef struct Particle {
    Vec2 pos;
    Vec2 vel;
    double mass;
    int id;
} Particle;

typedef struct Params {
    double k;
    double damping;
    int steps;
} Params;

static double sq2(Vec2 v) { return v.x * v.x + v.y * v.y; }

/* kinetic + spring energy; the params by value, particles by pointer; odd
** ids are pinned springs twice as stiff (an int field steering the math) */
double energy(Params p, const Particle *parts, int n)
{
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        const Particle *q = &parts[i];
        double kk = (q->id % 2) ? 2.0 * p.k : p.k;
        e += 0.5 * q->mass * sq2(q->vel) + 0.5 * kk * sq2(q->pos);
    }
    return e * (1.0 + 0.1 * p.damping);
}

/* p.steps explicit Euler steps, in place; prm by pointer */
void step(Particle *parts, int n, const Params *prm, double dt)
{
    for (int s = 0; s < prm->steps; s++)
        for (int i = 0; i < n; i++) {
            Particle *p = &parts[i];
            Vec2 force = {-prm->k * p->pos.x - prm->damping * p->vel.x,
                          -prm->k * p->pos.y - prm->damping * p->vel.y};
            p->vel.x += dt * force.x / p->mass;
            p->vel.y += dt * force.y / p->mass;
            Vec2 np = p->pos;
            np.x += dt * p->vel.x;
            np.y += dt * p->vel.y;
            p->pos = np;
        }
}

/* mass-weighted centroid, returned by value */
Vec2 centroid(const Particle *parts, int n)
{
    Vec2 c = {0.0, 0.0};
    double mtot = 0.0;
    for (int i = 0; i < n; i++) {
        Particle tmp;
        memcpy(&tmp, &parts[i], sizeof tmp);
        c.x += tmp.mass * tmp.pos.x;
        c.y += tmp.mass * tmp.pos.y;
        mtot += tmp.mass;
    }
    c.x /= mtot;
    c.y /= mtot;
    return c;
}

#pragma ad jvp(energy) wrt(p, parts[n])
#pragma ad jvp(step) wrt(parts[n], prm) out(parts[n])
#pragma ad jvp(centroid) wrt(parts[n]) out(return)

#include "structs.ad.h"

#define NP 3
#define PF 5 /* doubles per particle in the flat vectors */
#define NIN_E (2 + NP * PF)

static void pack(const Particle *ps, double *f)
{
    for (int i = 0; i < NP; i++) {
        f[PF * i + 0] = ps[i].pos.x;
        f[PF * i + 1] = ps[i].pos.y;
        f[PF * i + 2] = ps[i].vel.x;
        f[PF * i + 3] = ps[i].vel.y;
        f[PF * i + 4] = ps[i].mass;
    }
}

/* ids are 0..NP-1 in the primal; shadows get garbage ids */
static void unpack(const double *f, Particle *ps, int id0)
{
    for (int i = 0; i < NP; i++) {
        ps[i].pos.x = f[PF * i + 0];
        ps[i].pos.y = f[PF * i + 1];
        ps[i].vel.x = f[PF * i + 2];
        ps[i].vel.y = f[PF * i + 3];
        ps[i].mass = f[PF * i + 4];
        ps[i].id = id0 + i;
    }
}

static void energy_flat(void *ctx, const double *x, double *y)
{
    Params p = {x[0], x[1], 1};
    Particle ps[NP];
    (void)ctx;
    unpack(x + 2, ps, 0);
    y[0] = energy(p, ps, NP);
}

static void energy_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    Params p = {x[0], x[1], 1}, pd = {v[0], v[1], -77};
    Particle ps[NP], psd[NP];
    (void)ctx;
    unpack(x + 2, ps, 0);
    unpack(v + 2, psd, 1000);
    y[0] = energy_jvp(p, pd, ps, psd, NP, ydot);
}

#define NSTEP 3
#define DT 0.05

static void step_flat(void *ctx, const double *x, double *y)
{
    Params p = {x[0], x[1], NSTEP};
    Particle ps[NP];
    (void)ctx;
    unpack(x + 2, ps, 0);
    step(ps, NP, &p, DT);
    pack(ps, y);
}

static void step_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    Params p = {x[0], x[1], NSTEP}, pd = {v[0], v[1], 12345};
    Particle ps[NP], psd[NP];
    (void)ctx;
    unpack(x + 2, ps, 0);
    unpack(v + 2, psd, -5);
    step_jvp(ps, psd, NP, &p, &pd, DT);
    pack(ps, y);
    pack(psd, ydot);
}

static void centroid_flat(void *ctx, const double *x, double *y)
{
    Particle ps[NP];
    (void)ctx;
    unpack(x, ps, 0);
    Vec2 c = centroid(ps, NP);
    y[0] = c.x;
    y[1] = c.y;
}

static void centroid_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    Particle ps[NP], psd[NP];
    Vec2 cd = {NAN, NAN};
    (void)ctx;
    unpack(x, ps, 0);
    unpack(v, psd, 99);
    Vec2 c = centroid_jvp(ps, psd, NP, &cd);
    y[0] = c.x;
    y[1] = c.y;
    ydot[0] = cd.x;
    ydot[1] = cd.y;
}

int main(void)
{
    OracleRng rng = oracle_rng(314);
    double x[NIN_E];
    x[0] = 1.3; /* k */
    x[1] = 0.4; /* damping */
    for (int i = 0; i < NP; i++) {
        oracle_fill_uniform(&rng, x + 2 + PF * i, 4, -1.0, 1.0);
        x[2 + PF * i + 4] = oracle_uniform(&rng, 0.5, 2.0); /* mass */
    }

    OracleProblem pe = {.name = "energy", .n = NIN_E, .m = 1, .f = energy_flat, .jvp = energy_jvp_flat};
    oracle_check_jvp(&pe, NULL, x, &rng, 4, NIN_E);
    OracleProblem ps = {.name = "step", .n = NIN_E, .m = NP * PF, .f = step_flat, .jvp = step_jvp_flat};
    oracle_check_jvp(&ps, NULL, x, &rng, 4, 0);
    OracleProblem pc = {.name = "centroid", .n = NP * PF, .m = 2, .f = centroid_flat, .jvp = centroid_jvp_flat};
    oracle_check_jvp(&pc, NULL, x + 2, &rng, 4, 0);

    /* energy closed form in direction d/dk: 0.5 * sum kk/k |pos|^2 * (1 + 0.1 damping) */
    {
        Params p = {x[0], x[1], 1}, pd = {1.0, 0.0, 0};
        Particle parts[NP], pzero[NP];
        double zero[NP * PF] = {0}, ret_dot = NAN, want = 0.0;
        unpack(x + 2, parts, 0);
        unpack(zero, pzero, 0);
        for (int i = 0; i < NP; i++)
            want += 0.5 * ((i % 2) ? 2.0 : 1.0) * sq2(parts[i].pos);
        want *= 1.0 + 0.1 * x[1];
        energy_jvp(p, pd, parts, pzero, NP, &ret_dot);
        CHECK_CLOSE("energy d/dk closed form", ret_dot, want, ORACLE_RTOL_EXACT, 1e-14);
        /* step: the int field of the primal is untouched */
        Params sp = {x[0], x[1], NSTEP};
        step_jvp(parts, pzero, NP, &sp, &pd, DT);
        CHECK_TRUE("step keeps ids", parts[0].id == 0 && parts[1].id == 1 && parts[2].id == 2);
    }
    return oracle_result();
}
