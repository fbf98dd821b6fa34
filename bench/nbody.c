/*
** bench/nbody.c: one step of the Computer Language Benchmarks Game's n-body
** program (nbody.c, its C version: struct planet, advance(), energy()), as
** written there. bench_kernels times advance's vjp against advance, and
** against advance followed by advance_backward_hand, the adjoint written by
** hand (below).
*/
#include <math.h>

#include "bench_kernels.h"

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

#pragma ad vjp(advance) wrt(bodies[nbodies]) out(bodies[nbodies])
#pragma ad grad(energy) wrt(bodies[nbodies])

/* The adjoint of advance by hand, in place as advance_vjp is: bar holds the
** seed (the adjoint of the bodies after the step) on entry and the adjoint
** of the bodies before it on exit; in[] is the state before the step, which
** the caller saved (positions and masses are all the pair loop reads, and
** velocity updates are increments: their adjoints need no values). */
void advance_backward_hand(int nbodies, const struct planet *in, struct planet *bar, double dt)
{
    for (int i = 0; i < nbodies; i++) {
        bar[i].vx += dt * bar[i].x;
        bar[i].vy += dt * bar[i].y;
        bar[i].vz += dt * bar[i].z;
    }
    for (int i = 0; i < nbodies; i++) {
        const struct planet *b = &in[i];
        struct planet *bb = &bar[i];
        for (int j = i + 1; j < nbodies; j++) {
            const struct planet *b2 = &in[j];
            struct planet *bb2 = &bar[j];
            double dx = b->x - b2->x, dy = b->y - b2->y, dz = b->z - b2->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            double gx = bb2->vx * b->mass - bb->vx * b2->mass;
            double gy = bb2->vy * b->mass - bb->vy * b2->mass;
            double gz = bb2->vz * b->mass - bb->vz * b2->mass;
            double magb = gx * dx + gy * dy + gz * dz;
            double d2b = -1.5 * magb * mag / d2;
            double dxb = gx * mag + 2.0 * dx * d2b;
            double dyb = gy * mag + 2.0 * dy * d2b;
            double dzb = gz * mag + 2.0 * dz * d2b;
            bb->mass += mag * (bb2->vx * dx + bb2->vy * dy + bb2->vz * dz);
            bb2->mass -= mag * (bb->vx * dx + bb->vy * dy + bb->vz * dz);
            bb->x += dxb;
            bb->y += dyb;
            bb->z += dzb;
            bb2->x -= dxb;
            bb2->y -= dyb;
            bb2->z -= dzb;
        }
    }
}
