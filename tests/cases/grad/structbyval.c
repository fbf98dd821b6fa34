/*
** grad/structbyval: structs that hold pointers, passed by value or
** through a pointer to const, to helpers that write through those
** pointers (the struct is the helper's copy, the data is the caller's):
**   byval:    add(Vec y, const Vec x, a) accumulates y.v[i] += a sin(x.v[i])
**             into a local array the caller then reads (it used to get a
**             zero derivative: the copy's pointers were not followed); a
**             workspace struct of malloc'd buffers; an array of Vecs;
**   nbody:    a System {Particle *p; int n; double dt} by value to a step
**             that moves the caller's particles, called in a loop (its
**             forward function follows the shadow's pointers too: it used
**             to name the backward sweep's accumulator and not compile);
**   constvec: upd(a, const Vec *y) rewrites y->v[i] (the struct is const,
**             its data is not), and the caller reads the data after each
**             call, so the helper must keep what it overwrites.
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 8

typedef struct { double *v; int n; } Vec;
typedef struct { double *t1, *t2; int n; } Work;

static void add(Vec y, const Vec x, double a)
{
    for (int i = 0; i < y.n; i++)
        y.v[i] += a * sin(x.v[i]);
}

static double step(Work *w, const double *x)
{
    for (int i = 0; i < w->n; i++)
        w->t1[i] = x[i] * x[i];
    for (int i = 0; i < w->n; i++)
        w->t2[i] = w->t1[(i + 1) % w->n] - w->t1[i];
    double s = 0;
    for (int i = 0; i < w->n; i++)
        s += w->t2[i] * w->t2[i];
    return s;
}

double byval(const double *x, int n)
{
    Work w = {malloc(sizeof(double) * (size_t)n), malloc(sizeof(double) * (size_t)n), n};
    double acc[N] = {0};
    Vec A = {acc, n}, X = {(double *)x, n};
    double s = 0;
    for (int k = 0; k < 3; k++) {
        add(A, X, 0.5 + k);
        s += step(&w, acc);
    }
    Vec arr[2] = {{acc, n}, {w.t2, n}};
    for (int j = 0; j < 2; j++)
        for (int i = 0; i < n; i++)
            s += 0.1 * arr[j].v[i] * arr[1 - j].v[i];
    free(w.t1);
    free(w.t2);
    return s;
}

static void upd(double a, const Vec *y)
{
    for (int i = 0; i < y->n; i++)
        y->v[i] = sin(a * (i + 1));  /* overwrites; its own backward code needs no old value */
}

double constvec(const double *x, int n)
{
    double r[N];
    for (int i = 0; i < n; i++)
        r[i] = x[i];
    const Vec R = {r, n};
    double s = 0;
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < n; i++)
            s += sin(r[i] * x[(i + k) % n]);
        upd(1.0 + 0.1 * x[k], &R);
    }
    return s;
}

typedef struct { double pos[2], vel[2], m; } Particle;
typedef struct { Particle *p; int n; double dt; } System;

static void force(const Particle *a, const Particle *b, double f[2])
{
    double dx = b->pos[0] - a->pos[0], dy = b->pos[1] - a->pos[1];
    double r2 = dx * dx + dy * dy + 0.1;
    double s = a->m * b->m / (r2 * sqrt(r2));
    f[0] = s * dx;
    f[1] = s * dy;
}

/* the System is passed by value; its particles are the caller's */
static void advance(System sys)
{
    for (int i = 0; i < sys.n; i++) {
        double acc[2] = {0, 0}, f[2];
        for (int j = 0; j < sys.n; j++) {
            if (j == i)
                continue;
            force(&sys.p[i], &sys.p[j], f);
            acc[0] += f[0] / sys.p[i].m;
            acc[1] += f[1] / sys.p[i].m;
        }
        sys.p[i].vel[0] += sys.dt * acc[0];
        sys.p[i].vel[1] += sys.dt * acc[1];
    }
    for (int i = 0; i < sys.n; i++) {
        sys.p[i].pos[0] += sys.dt * sys.p[i].vel[0];
        sys.p[i].pos[1] += sys.dt * sys.p[i].vel[1];
    }
}

double nbody(const double *x, int n)
{
    Particle ps[4];
    for (int i = 0; i < 4; i++) {
        ps[i].pos[0] = x[i % n];
        ps[i].pos[1] = x[(i + 4) % n];
        ps[i].vel[0] = 0.1 * x[(i * 3) % n];
        ps[i].vel[1] = 0;
        ps[i].m = 1.0 + 0.1 * i;
    }
    System sys = {ps, 4, 0.01};
    for (int t = 0; t < 5; t++)
        advance(sys);
    double e = 0;
    for (int i = 0; i < 4; i++)
        e += 0.5 * ps[i].m * (ps[i].vel[0] * ps[i].vel[0] + ps[i].vel[1] * ps[i].vel[1]) + ps[i].pos[0] * ps[i].pos[1];
    return e;
}

#pragma ad grad(byval) wrt(x[n])
#pragma ad vjp(byval) wrt(x[n])
#pragma ad jvp(byval) wrt(x[n])
#pragma ad grad(nbody) wrt(x[n])
#pragma ad vjp(nbody) wrt(x[n])
#pragma ad jvp(nbody) wrt(x[n])
#pragma ad grad(constvec) wrt(x[n])
#pragma ad vjp(constvec) wrt(x[n])
#pragma ad jvp(constvec) wrt(x[n])

#include "structbyval.ad.h"

ORACLE_XN_WRAPPERS(byval, N)
ORACLE_XN_WRAPPERS(constvec, N)
ORACLE_XN_WRAPPERS(nbody, N)

int main(void)
{
    OracleRng rng = oracle_rng(12);
    ORACLE_XN_CHECKS(byval, N, rng);
    ORACLE_XN_CHECKS(constvec, N, rng);
    ORACLE_XN_CHECKS(nbody, N, rng);
    return oracle_result();
}
