/*
** vjp/structs: jvp/structs in reverse mode. Shadows have the struct's own
** type; a struct passed by value gets a pointer shadow in vjp/grad
** (Params p -> Params *p_bar), a returned struct a by-value seed
** (Vec2 ret_bar); only double fields carry adjoints (int fields of the
** shadows hold garbage and must not matter). step() updates the particles
** in place: parts_bar holds the seed on entry and the input adjoint on exit.
*/
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
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
#pragma ad vjp(energy) wrt(p, parts[n])
#pragma ad grad(energy) wrt(p, parts[n])
#pragma ad jvp(step) wrt(parts[n], prm) out(parts[n])
#pragma ad vjp(step) wrt(parts[n], prm) out(parts[n])
#pragma ad jvp(centroid) wrt(parts[n]) out(return)
#pragma ad vjp(centroid) wrt(parts[n]) out(return)

#include "structs.ad.h"

#define NP 3
#define PF 5
#define NIN_E (2 + NP * PF)
#define NSTEP 3
#define DT 0.05

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

static void energy_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    Params p = {x[0], x[1], 1}, pb = {xbar[0], xbar[1], 555};
    Particle ps[NP], psb[NP];
    (void)ctx;
    unpack(x + 2, ps, 0);
    unpack(xbar + 2, psb, -9);
    y[0] = energy_vjp(p, &pb, ps, psb, NP, w[0]);
    w[0] = 0.0;
    xbar[0] = pb.k;
    xbar[1] = pb.damping;
    pack(psb, xbar + 2);
}

static double energy_grad_flat(void *ctx, const double *x, double *g)
{
    Params p = {x[0], x[1], 1}, pb = {g[0], g[1], 3};
    Particle ps[NP], psb[NP];
    (void)ctx;
    unpack(x + 2, ps, 0);
    unpack(g + 2, psb, 40);
    double r = energy_grad(p, &pb, ps, psb, NP);
    g[0] = pb.k;
    g[1] = pb.damping;
    pack(psb, g + 2);
    return r;
}

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

/* parts is in-out: its shadow carries the seed in and the input adjoint out */
static void step_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    Params p = {x[0], x[1], NSTEP}, pb = {xbar[0], xbar[1], -1};
    Particle ps[NP], psb[NP];
    double in_adj[NP * PF];
    (void)ctx;
    unpack(x + 2, ps, 0);
    unpack(w, psb, 77);
    step_vjp(ps, psb, NP, &p, &pb, DT);
    pack(ps, y);
    pack(psb, in_adj);
    xbar[0] = pb.k;
    xbar[1] = pb.damping;
    for (int i = 0; i < NP * PF; i++) {
        xbar[2 + i] += in_adj[i];
        w[i] = 0.0;
    }
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

static void centroid_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    Particle ps[NP], psb[NP];
    Vec2 seed = {w[0], w[1]};
    (void)ctx;
    unpack(x, ps, 0);
    unpack(xbar, psb, 5);
    Vec2 c = centroid_vjp(ps, psb, NP, seed);
    y[0] = c.x;
    y[1] = c.y;
    w[0] = w[1] = 0.0;
    pack(psb, xbar);
}

int main(void)
{
    OracleRng rng = oracle_rng(314);
    double x[NIN_E];
    x[0] = 1.3;
    x[1] = 0.4;
    for (int i = 0; i < NP; i++) {
        oracle_fill_uniform(&rng, x + 2 + PF * i, 4, -1.0, 1.0);
        x[2 + PF * i + 4] = oracle_uniform(&rng, 0.5, 2.0);
    }
    OracleProblem pe = {.name = "energy", .n = NIN_E, .m = 1, .f = energy_flat,
                        .jvp = energy_jvp_flat, .vjp = energy_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_grad(&pe, NULL, x, energy_grad_flat, NIN_E);
    oracle_check_vjp(&pe, NULL, x, &rng, 2, NIN_E);
    OracleProblem ps = {.name = "step", .n = NIN_E, .m = NP * PF, .f = step_flat,
                        .jvp = step_jvp_flat, .vjp = step_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_vjp(&ps, NULL, x, &rng, 2, NIN_E);
    OracleProblem pc = {.name = "centroid", .n = NP * PF, .m = 2, .f = centroid_flat,
                        .jvp = centroid_jvp_flat, .vjp = centroid_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_vjp(&pc, NULL, x + 2, &rng, 2, NP * PF);

    /* energy: d/dk in closed form */
    {
        Params p = {x[0], x[1], 1}, pb = {0.0, 0.0, 31};
        Particle parts[NP], pbar[NP];
        double zero[NP * PF] = {0}, want = 0.0;
        unpack(x + 2, parts, 0);
        unpack(zero, pbar, 100);
        for (int i = 0; i < NP; i++)
            want += 0.5 * ((i % 2) ? 2.0 : 1.0) * sq2(parts[i].pos);
        want *= 1.0 + 0.1 * x[1];
        energy_grad(p, &pb, parts, pbar, NP);
        CHECK_CLOSE("energy_grad d/dk closed form", pb.k, want, ORACLE_RTOL_EXACT, 1e-14);
    }
    return oracle_result();
}
