/*
** grad/compound_literals: C99 compound literals as small-vector code
** writes them: helpers returning (Vec2){...}, designated initialisers,
** a literal passed by value to a helper, the address of one passed to a
** helper that reads through it, and an array literal of weights.
** Regression: every one was "a compound literal cannot be differentiated;
** declare a named variable and assign it". A literal is an unnamed object
** of the enclosing block: the front end declares it as a local there.
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*); jvp and grad agree.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct { double x, y; } Vec2;

static Vec2 add(Vec2 a, Vec2 b) { return (Vec2){a.x + b.x, a.y + b.y}; }
static Vec2 scale(Vec2 a, double s) { return (Vec2){.x = a.x * s, .y = a.y * s}; }
static double dot(const Vec2 *a, const Vec2 *b) { return a->x * b->x + a->y * b->y; }

/* a few explicit Euler steps of a damped spring; energy-like result */
double spring(const double *q, double k, int steps)
{
    Vec2 p = {q[0], q[1]}, v = (Vec2){q[2], q[3]};
    const double *w = (const double[]){0.5, 0.25, 0.125};
    double e = 0;
    for (int s = 0; s < steps; s++) {
        Vec2 f = scale(p, -k);
        f = add(f, scale(v, -0.1));
        v = add(v, scale(f, 0.05));
        p = add(p, scale(v, 0.05));
        e += w[s % 3] * dot(&(Vec2){p.x - 1.0, p.y}, &p);
    }
    return e + 0.5 * dot(&v, &v);
}

#pragma ad grad(spring) wrt(q[4], k)
#pragma ad vjp(spring) wrt(q[4], k)
#pragma ad jvp(spring) wrt(q[4], k)

#include "compound_literals.ad.h"

enum { STEPS = 7 };

/* x = (q[0..3], k) */
static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = spring(x, x[4], STEPS);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = spring_jvp(x, v, x[4], v[4], STEPS, ydot);
}

static void f_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = spring_vjp(x, xbar, x[4], &xbar[4], STEPS, w[0]);
    w[0] = 0.0;
}

static double f_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    g[4] = 0.0;
    return spring_grad(x, g, x[4], &g[4], STEPS);
}

int main(void)
{
    OracleRng rng = oracle_rng(3);
    double x[5] = {0.4, -0.2, 0.1, 0.3, 2.0};
    OracleProblem p = {"spring", 5, 1, f_flat, f_jvp_flat, f_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, 5);
    oracle_check_vjp(&p, NULL, x, &rng, 3, 5);
    oracle_check_grad(&p, NULL, x, f_grad_flat, 5);
    return oracle_result();
}
