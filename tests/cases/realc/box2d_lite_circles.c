/* realc/box2d_lite_circles: Box2D-Lite's sequential-impulse solver (Erin Catto, zlib
** licence; World::Step, Arbiter::PreStep, Arbiter::ApplyImpulse, Arbiter::Update's warm
** starting) as a C port would write it for circles: a Vec2 struct with small inline helpers
** returning structs by value (Cross(Vec2, double), Cross(double, Vec2)), bodies and arbiters
** in arrays of structs, a contact struct with accumulated impulses clamped at every iteration
** (c->Pn = Max(Pn0 + dPn, 0); friction clamped to +-friction * Pn), warm starting from the
** previous step's impulses while a pair stays in contact, a Baumgarte bias from the
** penetration (Min(0, separation + slop)), a static ground body (invMass 0), and the
** world's flags as globals (accumulateImpulses, warmStarting, positionCorrection). The
** user's code: a shooting problem, the squared distance of the balls' final positions from
** targets after nsteps, differentiated w.r.t. the initial velocities.
** Requests: grad and jvp. Oracles: central differences per coordinate with step 1e-7 (the
** dynamics are piecewise smooth: contacts begin and end, impulses clamp; a step of 1e-7
** stays on one piece; rounding eps |f| / h ~ 1e-8: rtol 1e-5), jvp against grad (1e-10). */
// CFLAGS: -D_DEFAULT_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ccad_oracle.h"

/* ---- MathUtils.h ---- */
typedef struct Vec2 {
    double x, y;
} Vec2;

static inline Vec2 V2(double x, double y) { Vec2 v = {x, y}; return v; }
static inline Vec2 Add(Vec2 a, Vec2 b) { return V2(a.x + b.x, a.y + b.y); }
static inline Vec2 Sub(Vec2 a, Vec2 b) { return V2(a.x - b.x, a.y - b.y); }
static inline Vec2 Scale(double s, Vec2 v) { return V2(s * v.x, s * v.y); }
static inline double Dot(Vec2 a, Vec2 b) { return a.x * b.x + a.y * b.y; }
static inline double CrossVV(Vec2 a, Vec2 b) { return a.x * b.y - a.y * b.x; }
static inline Vec2 CrossVS(Vec2 a, double s) { return V2(s * a.y, -s * a.x); }
static inline Vec2 CrossSV(double s, Vec2 a) { return V2(-s * a.y, s * a.x); }
static inline double Min(double a, double b) { return a < b ? a : b; }
static inline double Max(double a, double b) { return a > b ? a : b; }
static inline double Clamp(double a, double low, double high) { return Max(low, Min(a, high)); }

/* ---- Body.h ---- */
typedef struct Body {
    Vec2 position;
    double rotation;
    Vec2 velocity;
    double angularVelocity;
    Vec2 force;
    double torque;
    double radius;
    double friction;
    double mass, invMass;
    double I, invI;
} Body;

void Body_Set(Body *b, double radius, double m)
{
    b->position = V2(0.0, 0.0);
    b->rotation = 0.0;
    b->velocity = V2(0.0, 0.0);
    b->angularVelocity = 0.0;
    b->force = V2(0.0, 0.0);
    b->torque = 0.0;
    b->friction = 0.2;
    b->radius = radius;
    b->mass = m;
    if (b->mass < 1e300) {
        b->invMass = 1.0 / b->mass;
        b->I = 0.5 * b->mass * radius * radius;
        b->invI = 1.0 / b->I;
    } else {
        b->invMass = 0.0;
        b->I = 1e300;
        b->invI = 0.0;
    }
}

/* ---- Arbiter.h ---- */
typedef struct Contact {
    Vec2 position;
    Vec2 normal;
    Vec2 r1, r2;
    double separation;
    double Pn;   /* accumulated normal impulse */
    double Pt;   /* accumulated tangent impulse */
    double massNormal, massTangent;
    double bias;
} Contact;

#define MAX_POINTS 1

typedef struct Arbiter {
    Contact contacts[MAX_POINTS];
    int numContacts;
    Body *body1;
    Body *body2;
    double friction;
} Arbiter;

/* ---- World.h ---- */
#define MAX_BODIES 8

typedef struct World {
    Body bodies[MAX_BODIES];
    int numBodies;
    Arbiter arbiters[MAX_BODIES * MAX_BODIES];  /* arbiter of (i, j), i < j, at i * MAX_BODIES + j */
    Vec2 gravity;
    int iterations;
} World;

int accumulateImpulses = 1;
int warmStarting = 1;
int positionCorrection = 1;

/* ---- Collide.cpp (circles; the ground is a body of radius 0 at y = 0 and infinite mass) ---- */
int Collide(Contact *contacts, Body *bodyA, Body *bodyB)
{
    Contact *c = contacts;
    if (bodyA->invMass == 0.0) {
        /* ground: a half-plane y <= position.y */
        double sep = bodyB->position.y - bodyB->radius - bodyA->position.y;
        if (sep > 0.0)
            return 0;
        c->normal = V2(0.0, 1.0);
        c->separation = sep;
        c->position = V2(bodyB->position.x, bodyA->position.y);
        return 1;
    }
    Vec2 d = Sub(bodyB->position, bodyA->position);
    double dist = sqrt(Dot(d, d));
    double sep = dist - bodyA->radius - bodyB->radius;
    if (sep > 0.0)
        return 0;
    c->normal = Scale(1.0 / dist, d);
    c->separation = sep;
    c->position = Add(bodyA->position, Scale(bodyA->radius + 0.5 * sep, c->normal));
    return 1;
}

/* ---- Arbiter.cpp ---- */
void Arbiter_Init(Arbiter *arb, Body *b1, Body *b2)
{
    arb->body1 = b1;
    arb->body2 = b2;
    arb->numContacts = Collide(arb->contacts, arb->body1, arb->body2);
    arb->friction = sqrt(arb->body1->friction * arb->body2->friction);
    arb->contacts[0].Pn = 0.0;
    arb->contacts[0].Pt = 0.0;
}

/* a pair found in contact again: keep the accumulated impulses (one feature per pair) */
void Arbiter_Update(Arbiter *arb, Contact *newContacts, int numNewContacts)
{
    Contact mergedContacts[MAX_POINTS];
    int i;
    for (i = 0; i < numNewContacts; ++i) {
        Contact *cNew = newContacts + i;
        mergedContacts[i] = *cNew;
        if (warmStarting && i < arb->numContacts) {
            Contact *cOld = arb->contacts + i;
            mergedContacts[i].Pn = cOld->Pn;
            mergedContacts[i].Pt = cOld->Pt;
        } else {
            mergedContacts[i].Pn = 0.0;
            mergedContacts[i].Pt = 0.0;
        }
    }
    for (i = 0; i < numNewContacts; ++i)
        arb->contacts[i] = mergedContacts[i];
    arb->numContacts = numNewContacts;
}

void Arbiter_PreStep(Arbiter *arb, double inv_dt)
{
    const double k_allowedPenetration = 0.01;
    double k_biasFactor = positionCorrection ? 0.2 : 0.0;
    Body *b1 = arb->body1, *b2 = arb->body2;

    for (int i = 0; i < arb->numContacts; ++i) {
        Contact *c = arb->contacts + i;

        Vec2 r1 = Sub(c->position, b1->position);
        Vec2 r2 = Sub(c->position, b2->position);

        // Precompute normal mass, tangent mass, and bias.
        double rn1 = Dot(r1, c->normal);
        double rn2 = Dot(r2, c->normal);
        double kNormal = b1->invMass + b2->invMass;
        kNormal += b1->invI * (Dot(r1, r1) - rn1 * rn1) + b2->invI * (Dot(r2, r2) - rn2 * rn2);
        c->massNormal = 1.0 / kNormal;

        Vec2 tangent = CrossVS(c->normal, 1.0);
        double rt1 = Dot(r1, tangent);
        double rt2 = Dot(r2, tangent);
        double kTangent = b1->invMass + b2->invMass;
        kTangent += b1->invI * (Dot(r1, r1) - rt1 * rt1) + b2->invI * (Dot(r2, r2) - rt2 * rt2);
        c->massTangent = 1.0 / kTangent;

        c->bias = -k_biasFactor * inv_dt * Min(0.0, c->separation + k_allowedPenetration);

        if (accumulateImpulses) {
            // Apply normal + friction impulse
            Vec2 P = Add(Scale(c->Pn, c->normal), Scale(c->Pt, tangent));

            b1->velocity = Sub(b1->velocity, Scale(b1->invMass, P));
            b1->angularVelocity -= b1->invI * CrossVV(r1, P);

            b2->velocity = Add(b2->velocity, Scale(b2->invMass, P));
            b2->angularVelocity += b2->invI * CrossVV(r2, P);
        }
    }
}

void Arbiter_ApplyImpulse(Arbiter *arb)
{
    Body *b1 = arb->body1;
    Body *b2 = arb->body2;

    for (int i = 0; i < arb->numContacts; ++i) {
        Contact *c = arb->contacts + i;
        c->r1 = Sub(c->position, b1->position);
        c->r2 = Sub(c->position, b2->position);

        // Relative velocity at contact
        Vec2 dv = Sub(Sub(Add(b2->velocity, CrossSV(b2->angularVelocity, c->r2)), b1->velocity),
                      CrossSV(b1->angularVelocity, c->r1));

        // Compute normal impulse
        double vn = Dot(dv, c->normal);

        double dPn = c->massNormal * (-vn + c->bias);

        if (accumulateImpulses) {
            // Clamp the accumulated impulse
            double Pn0 = c->Pn;
            c->Pn = Max(Pn0 + dPn, 0.0);
            dPn = c->Pn - Pn0;
        } else {
            dPn = Max(dPn, 0.0);
        }

        // Apply contact impulse
        Vec2 Pn = Scale(dPn, c->normal);

        b1->velocity = Sub(b1->velocity, Scale(b1->invMass, Pn));
        b1->angularVelocity -= b1->invI * CrossVV(c->r1, Pn);

        b2->velocity = Add(b2->velocity, Scale(b2->invMass, Pn));
        b2->angularVelocity += b2->invI * CrossVV(c->r2, Pn);

        // Relative velocity at contact
        dv = Sub(Sub(Add(b2->velocity, CrossSV(b2->angularVelocity, c->r2)), b1->velocity),
                 CrossSV(b1->angularVelocity, c->r1));

        Vec2 tangent = CrossVS(c->normal, 1.0);
        double vt = Dot(dv, tangent);
        double dPt = c->massTangent * (-vt);

        if (accumulateImpulses) {
            // Compute friction impulse
            double maxPt = arb->friction * c->Pn;

            // Clamp friction
            double oldTangentImpulse = c->Pt;
            c->Pt = Clamp(oldTangentImpulse + dPt, -maxPt, maxPt);
            dPt = c->Pt - oldTangentImpulse;
        } else {
            double maxPt = arb->friction * dPn;
            dPt = Clamp(dPt, -maxPt, maxPt);
        }

        // Apply contact impulse
        Vec2 Pt = Scale(dPt, tangent);

        b1->velocity = Sub(b1->velocity, Scale(b1->invMass, Pt));
        b1->angularVelocity -= b1->invI * CrossVV(c->r1, Pt);

        b2->velocity = Add(b2->velocity, Scale(b2->invMass, Pt));
        b2->angularVelocity += b2->invI * CrossVV(c->r2, Pt);
    }
}

/* ---- World.cpp ---- */
void World_BroadPhase(World *w)
{
    // O(n^2) broad-phase
    for (int i = 0; i < w->numBodies; ++i) {
        Body *bi = w->bodies + i;

        for (int j = i + 1; j < w->numBodies; ++j) {
            Body *bj = w->bodies + j;

            if (bi->invMass == 0.0 && bj->invMass == 0.0)
                continue;

            Arbiter *arb = &w->arbiters[i * MAX_BODIES + j];
            Arbiter newArb;
            Arbiter_Init(&newArb, bi, bj);

            if (newArb.numContacts > 0) {
                if (arb->numContacts == 0)
                    *arb = newArb;
                else
                    Arbiter_Update(arb, newArb.contacts, newArb.numContacts);
            } else {
                arb->numContacts = 0;
            }
        }
    }
}

void World_Step(World *w, double dt)
{
    double inv_dt = dt > 0.0 ? 1.0 / dt : 0.0;

    // Determine overlapping bodies and update contact points.
    World_BroadPhase(w);

    // Integrate forces.
    for (int i = 0; i < w->numBodies; ++i) {
        Body *b = w->bodies + i;

        if (b->invMass == 0.0)
            continue;

        b->velocity = Add(b->velocity, Scale(dt, Add(w->gravity, Scale(b->invMass, b->force))));
        b->angularVelocity += dt * b->invI * b->torque;
    }

    // Perform pre-steps.
    for (int k = 0; k < MAX_BODIES * MAX_BODIES; ++k)
        if (w->arbiters[k].numContacts > 0)
            Arbiter_PreStep(&w->arbiters[k], inv_dt);

    // Perform iterations
    for (int i = 0; i < w->iterations; ++i) {
        for (int k = 0; k < MAX_BODIES * MAX_BODIES; ++k)
            if (w->arbiters[k].numContacts > 0)
                Arbiter_ApplyImpulse(&w->arbiters[k]);
    }

    // Integrate Velocities
    for (int i = 0; i < w->numBodies; ++i) {
        Body *b = w->bodies + i;

        b->position = Add(b->position, Scale(dt, b->velocity));
        b->rotation += dt * b->angularVelocity;

        b->force = V2(0.0, 0.0);
        b->torque = 0.0;
    }
}

/* ---- the user's code ---- */
#define NBALL 4

/* balls start at fixed places with velocities v0 (2 per ball); ground is body 0 */
double shoot(const double *v0, const double *target, int nsteps, double dt)
{
    World *w = calloc(1, sizeof(World));
    int i;
    w->gravity = V2(0.0, -10.0);
    w->iterations = 10;
    w->numBodies = NBALL + 1;
    Body_Set(&w->bodies[0], 0.0, 1e301);
    for (i = 0; i < NBALL; i++) {
        Body *b = &w->bodies[i + 1];
        Body_Set(b, 0.5, 1.0 + 0.5 * i);
        b->position = V2(1.1 * i, 0.45 + 0.9 * (i % 2));
        b->velocity = V2(v0[2 * i], v0[2 * i + 1]);
    }
    for (int s = 0; s < nsteps; s++)
        World_Step(w, dt);
    double J = 0;
    for (i = 0; i < NBALL; i++) {
        Vec2 e = Sub(w->bodies[i + 1].position, V2(target[2 * i], target[2 * i + 1]));
        J += 0.5 * Dot(e, e);
    }
    free(w);
    return J;
}

#pragma ad grad(shoot) wrt(v0[2 * NBALL])
#pragma ad jvp(shoot) wrt(v0[2 * NBALL])

#include "box2d_lite_circles.ad.h"

#define NSTEPS 60
#define DT (1.0 / 60.0)

static const double g_target[2 * NBALL] = {0.5, 0.5, 1.9, 1.2, 2.6, 0.5, 4.0, 1.0};

static void flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    *y = shoot(x, g_target, NSTEPS, DT);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(void)
{
    double v0[2 * NBALL] = {1.5, 0.0, -1.0, 0.5, 0.7, -0.4, -2.0, 1.0}, g[2 * NBALL], gfd[2 * NBALL];
    double f0 = shoot(v0, g_target, NSTEPS, DT);
    double fg = shoot_grad(v0, g, g_target, NSTEPS, DT);
    CHECK_CLOSE("grad primal", fg, f0, 1e-14, 0);
    for (int j = 0; j < 2 * NBALL; j++) {
        double xp[2 * NBALL], yp, ym, h = 1e-7;
        memcpy(xp, v0, sizeof xp);
        xp[j] = v0[j] + h;
        flat(NULL, xp, &yp);
        xp[j] = v0[j] - h;
        flat(NULL, xp, &ym);
        gfd[j] = (yp - ym) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad vs FD (step 1e-7)", g, gfd, 2 * NBALL, 1e-5, 1e-7 * fabs(f0));
    {
        double v[2 * NBALL], fdot = 0;
        OracleRng rng = oracle_rng(5);
        oracle_fill_normal(&rng, v, 2 * NBALL);
        double fj = shoot_jvp(v0, v, g_target, NSTEPS, DT, &fdot);
        CHECK_CLOSE("jvp primal", fj, f0, 1e-14, 0);
        CHECK_CLOSE("jvp = <grad, v>", fdot, oracle_dot(g, v, 2 * NBALL), 1e-10, 1e-12 * fabs(f0));
    }
    {
        int reps = 200;
        double t0 = now(), s = 0;
        for (int r = 0; r < reps; r++)
            s += shoot(v0, g_target, NSTEPS, DT);
        double tf = (now() - t0) / reps;
        t0 = now();
        for (int r = 0; r < reps; r++)
            s += shoot_grad(v0, g, g_target, NSTEPS, DT);
        double tg = (now() - t0) / reps;
        printf("timing: f %.3g s, grad %.3g s, grad/f %.2f (%g)\n", tf, tg, tg / tf, s);
    }
    return oracle_result();
}
