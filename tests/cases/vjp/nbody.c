/*
** vjp/nbody: one step of the Computer Language Benchmarks Game's n-body
** program (its C version's struct planet and advance(), as written there)
** in reverse mode, in place: bodies_bar holds the adjoint of the state after
** the step on entry and of the state before it on exit; and grad of its
** energy(). Issue 13's small kernel: the velocity updates of the pair loop
** write b->vx, ..., which no backward code reads (fields are told apart:
** nothing saved there), and dx, d2, distance, mag are computed again in the
** backward iteration from b->x and b->mass, which the position loop after
** the pair loop overwrites: that loop saves b->x, ... once and puts them
** back before the pair loop's backward code runs. A wrong restore or a
** stale recomputation shows in the differences.
** Oracles: central differences and the dot-product test with jvp (double
** tolerances), an adjoint written by hand (the one bench/nbody.c times) to
** 1e-12, and the tape's peak: 3 doubles per body (the saved positions),
** where saving the pair loop's values took 13 per pair.
*/
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty, ccad_tape_peak_bytes */
#include "ccad_oracle.h"

struct planet {
    double x, y, z;
    double vx, vy, vz;
    double mass;
};

void advance(int nbodies, struct planet *bodies, double dt)
{
    int i, j;

    for (i = 0; i < nbodies; i++) {
        struct planet *b = &(bodies[i]);
        for (j = i + 1; j < nbodies; j++) {
            struct planet *b2 = &(bodies[j]);
            double dx = b->x - b2->x;
            double dy = b->y - b2->y;
            double dz = b->z - b2->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double distance = sqrt(d2);
            double mag = dt / (d2 * distance);
            b->vx -= dx * b2->mass * mag;
            b->vy -= dy * b2->mass * mag;
            b->vz -= dz * b2->mass * mag;
            b2->vx += dx * b->mass * mag;
            b2->vy += dy * b->mass * mag;
            b2->vz += dz * b->mass * mag;
        }
    }
    for (i = 0; i < nbodies; i++) {
        struct planet *b = &(bodies[i]);
        b->x += dt * b->vx;
        b->y += dt * b->vy;
        b->z += dt * b->vz;
    }
}

double energy(int nbodies, struct planet *bodies)
{
    double e;
    int i, j;

    e = 0.0;
    for (i = 0; i < nbodies; i++) {
        struct planet *b = &(bodies[i]);
        e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
        for (j = i + 1; j < nbodies; j++) {
            struct planet *b2 = &(bodies[j]);
            double dx = b->x - b2->x;
            double dy = b->y - b2->y;
            double dz = b->z - b2->z;
            double distance = sqrt(dx * dx + dy * dy + dz * dz);
            e -= (b->mass * b2->mass) / distance;
        }
    }
    return e;
}

#pragma ad jvp(advance) wrt(bodies[nbodies]) out(bodies[nbodies])
#pragma ad vjp(advance) wrt(bodies[nbodies]) out(bodies[nbodies])
#pragma ad jvp(energy) wrt(bodies[nbodies])
#pragma ad vjp(energy) wrt(bodies[nbodies])
#pragma ad grad(energy) wrt(bodies[nbodies])

#include "nbody.ad.h"

#define NB 5
#define PF 7
#define DT 0.01

static void unpack(const double *f, struct planet *ps)
{
    for (int i = 0; i < NB; i++) {
        const double *q = f + PF * i;
        ps[i] = (struct planet){q[0], q[1], q[2], q[3], q[4], q[5], q[6]};
    }
}

static void pack(const struct planet *ps, double *f)
{
    for (int i = 0; i < NB; i++) {
        double *q = f + PF * i;
        q[0] = ps[i].x, q[1] = ps[i].y, q[2] = ps[i].z;
        q[3] = ps[i].vx, q[4] = ps[i].vy, q[5] = ps[i].vz, q[6] = ps[i].mass;
    }
}

static void advance_flat(void *ctx, const double *x, double *y)
{
    struct planet ps[NB];
    (void)ctx;
    unpack(x, ps);
    advance(NB, ps, DT);
    pack(ps, y);
}

static void advance_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    struct planet ps[NB], pd[NB];
    (void)ctx;
    unpack(x, ps);
    unpack(v, pd);
    advance_jvp(NB, ps, pd, DT);
    pack(ps, y);
    pack(pd, ydot);
}

/* in place: the seed goes in through bodies_bar, the input adjoint comes
** out of it, and is added to xbar */
static void advance_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    struct planet ps[NB], pb[NB];
    double in_adj[NB * PF];
    (void)ctx;
    unpack(x, ps);
    unpack(w, pb);
    advance_vjp(NB, ps, pb, DT);
    pack(ps, y);
    pack(pb, in_adj);
    for (int i = 0; i < NB * PF; i++) {
        xbar[i] += in_adj[i];
        w[i] = 0.0;
    }
}

static void energy_flat(void *ctx, const double *x, double *y)
{
    struct planet ps[NB];
    (void)ctx;
    unpack(x, ps);
    y[0] = energy(NB, ps);
}

static void energy_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    struct planet ps[NB], pd[NB];
    (void)ctx;
    unpack(x, ps);
    unpack(v, pd);
    y[0] = energy_jvp(NB, ps, pd, ydot);
}

static void energy_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    struct planet ps[NB], pb[NB];
    (void)ctx;
    unpack(x, ps);
    unpack(xbar, pb);
    y[0] = energy_vjp(NB, ps, pb, w[0]);
    w[0] = 0.0;
    pack(pb, xbar);
}

static double energy_grad_flat(void *ctx, const double *x, double *g)
{
    struct planet ps[NB], pb[NB];
    (void)ctx;
    unpack(x, ps);
    unpack(g, pb);
    double r = energy_grad(NB, ps, pb);
    pack(pb, g);
    return r;
}

/* advance's adjoint by hand (see bench/nbody.c): the position loop, then
** the pair loop from the state before the step */
static void advance_adjoint_hand(const struct planet *in, struct planet *bar)
{
    for (int i = 0; i < NB; i++) {
        bar[i].vx += DT * bar[i].x;
        bar[i].vy += DT * bar[i].y;
        bar[i].vz += DT * bar[i].z;
    }
    for (int i = 0; i < NB; i++)
        for (int j = i + 1; j < NB; j++) {
            const struct planet *b = &in[i], *b2 = &in[j];
            struct planet *bb = &bar[i], *bb2 = &bar[j];
            double dx = b->x - b2->x, dy = b->y - b2->y, dz = b->z - b2->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = DT / (d2 * sqrt(d2));
            double gx = bb2->vx * b->mass - bb->vx * b2->mass;
            double gy = bb2->vy * b->mass - bb->vy * b2->mass;
            double gz = bb2->vz * b->mass - bb->vz * b2->mass;
            double d2b = -1.5 * (gx * dx + gy * dy + gz * dz) * mag / d2;
            double dxb = gx * mag + 2.0 * dx * d2b;
            double dyb = gy * mag + 2.0 * dy * d2b;
            double dzb = gz * mag + 2.0 * dz * d2b;
            bb->mass += mag * (bb2->vx * dx + bb2->vy * dy + bb2->vz * dz);
            bb2->mass -= mag * (bb->vx * dx + bb->vy * dy + bb->vz * dz);
            bb->x += dxb, bb->y += dyb, bb->z += dzb;
            bb2->x -= dxb, bb2->y -= dyb, bb2->z -= dzb;
        }
}

int main(void)
{
    OracleRng rng = oracle_rng(1759);
    double x[NB * PF];
    /* bodies a few units apart (the pair loop divides by distance^3) */
    for (int i = 0; i < NB; i++) {
        double *q = x + PF * i;
        q[0] = 3.0 * i + oracle_uniform(&rng, -0.5, 0.5);
        q[1] = oracle_uniform(&rng, -2.0, 2.0);
        q[2] = oracle_uniform(&rng, -1.0, 1.0);
        oracle_fill_uniform(&rng, q + 3, 3, -1.0, 1.0);
        q[6] = oracle_uniform(&rng, 0.5, 4.0);
    }
    OracleProblem pa = {.name = "advance", .n = NB * PF, .m = NB * PF, .f = advance_flat,
                        .jvp = advance_jvp_flat, .vjp = advance_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_jvp(&pa, NULL, x, &rng, 2, 0);
    oracle_check_vjp(&pa, NULL, x, &rng, 3, NB * PF);
    OracleProblem pe = {.name = "energy", .n = NB * PF, .m = 1, .f = energy_flat,
                        .jvp = energy_jvp_flat, .vjp = energy_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_vjp(&pe, NULL, x, &rng, 2, NB * PF);
    oracle_check_grad(&pe, NULL, x, energy_grad_flat, NB * PF);

    /* against the hand-written adjoint, and what the tape held */
    struct planet ps[NB], in[NB], pb[NB], hb[NB];
    double seed[NB * PF], got[NB * PF], want[NB * PF];
    oracle_fill_normal(&rng, seed, NB * PF);
    unpack(x, ps);
    unpack(x, in);
    unpack(seed, pb);
    unpack(seed, hb);
    ccad_tape_reset_peak();
    advance_vjp(NB, ps, pb, DT);
    size_t peak = ccad_tape_peak_bytes();
    advance_adjoint_hand(in, hb);
    pack(pb, got);
    pack(hb, want);
    CHECK_VEC_CLOSE("advance_vjp = the hand-written adjoint", got, want, NB * PF, 1e-12, 1e-12);
    CHECK_TRUE("advance_vjp tapes the positions only (3 doubles per body)",
               peak <= sizeof(double) * 3 * NB + sizeof(long));
    printf("advance_vjp: peak tape %zu bytes\n", peak);
    return oracle_result();
}
