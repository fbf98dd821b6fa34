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

#define N 7

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = f(x, N);
}

static void jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = f_jvp(x, v, N, ydot);
}

static void vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = f_vjp(x, xbar, N, w[0]);
    w[0] = 0.0;
}

static double grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return f_grad(x, g, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(3);
    double x[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    OracleProblem p = {"structret", N, 1, f_flat, jvp_flat, vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    oracle_check_grad(&p, NULL, x, grad_flat, N);
    return oracle_result();
}
