/*
** grad/union_inactive: unions that hold no value carrying a derivative keep
** working next to the union checks (diag/union_*): a double/uint64_t pun
** that reads the binary exponent of an inactive scale (frexp by hand), and
** a struct input whose union member is read only through its integer
** member (flag bits next to the differentiated weights).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*), and a closed form for the gradient.
*/
#include <math.h>
#include <stdint.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 5

union Bits {
    double d;
    uint64_t u;
};

typedef struct Cfg {
    double w[N];
    union {
        float f;
        uint32_t mask;
    } flags;
} Cfg;

/* 2^e with e the binary exponent of s > 0, by its bits */
static int exponent_of(double s)
{
    union Bits b;
    b.d = s;
    return (int)((b.u >> 52) & 0x7ff) - 1023;
}

double f(const Cfg *c, const double *x, int n)
{
    int e = exponent_of(10.0 * n); /* inactive: 50 -> 5 */
    double s = 0;
    for (int i = 0; i < n; i++) {
        double t = (c->flags.mask >> i) & 1u ? c->w[i] * x[i] : x[i];
        s += t * t * e;
    }
    return s;
}

#pragma ad grad(f) wrt(c[1], x[n])
#pragma ad vjp(f) wrt(c[1], x[n])
#pragma ad jvp(f) wrt(c[1], x[n])

#include "union_inactive.ad.h"

static uint32_t the_mask = 0x15u; /* elements 0, 2, 4 weighted */

/* z = (w, x) flat */
static void unpack(const double *z, Cfg *c)
{
    for (int i = 0; i < N; i++)
        c->w[i] = z[i];
    c->flags.mask = the_mask;
}

static void f_flat(void *ctx, const double *z, double *y)
{
    (void)ctx;
    Cfg c;
    unpack(z, &c);
    y[0] = f(&c, z + N, N);
}

static void f_jvp_flat(void *ctx, const double *z, const double *v, double *y, double *yd)
{
    (void)ctx;
    Cfg c, cd = {{0}, {0}};
    unpack(z, &c);
    for (int i = 0; i < N; i++)
        cd.w[i] = v[i];
    y[0] = f_jvp(&c, &cd, z + N, v + N, N, yd);
}

static void f_vjp_flat(void *ctx, const double *z, double *zb, double *w, double *y)
{
    (void)ctx;
    Cfg c, cb;
    unpack(z, &c);
    for (int i = 0; i < N; i++)
        cb.w[i] = zb[i];
    cb.flags.mask = 0;
    y[0] = f_vjp(&c, &cb, z + N, zb + N, N, w[0]);
    for (int i = 0; i < N; i++)
        zb[i] = cb.w[i];
    w[0] = 0.0;
}

static double f_grad_flat(void *ctx, const double *z, double *g)
{
    (void)ctx;
    Cfg c, cb;
    unpack(z, &c);
    double r = f_grad(&c, &cb, z + N, g + N, N);
    for (int i = 0; i < N; i++)
        g[i] = cb.w[i];
    return r;
}

int main(void)
{
    OracleRng rng = oracle_rng(31);
    double z[2 * N], g[2 * N], want[2 * N];
    oracle_fill_uniform(&rng, z, 2 * N, -1.0, 1.0);
    OracleProblem p = {"f", 2 * N, 1, f_flat, f_jvp_flat, f_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, z, &rng, 3, 2 * N);
    oracle_check_vjp(&p, NULL, z, &rng, 3, 2 * N);
    oracle_check_grad(&p, NULL, z, f_grad_flat, 2 * N);
    /* closed form: e = 5; weighted t = w x: d/dw = 2 e w x^2, d/dx = 2 e w^2 x */
    f_grad_flat(NULL, z, g);
    for (int i = 0; i < N; i++) {
        int on = (the_mask >> i) & 1u;
        double w = z[i], x = z[N + i];
        want[i] = on ? 10.0 * w * x * x : 0.0;
        want[N + i] = on ? 10.0 * w * w * x : 10.0 * x;
    }
    CHECK_VEC_CLOSE("f_grad = closed form (exponent 5)", g, want, 2 * N, ORACLE_RTOL_EXACT, 0.0);
    return oracle_result();
}
