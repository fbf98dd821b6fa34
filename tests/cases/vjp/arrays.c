/*
** vjp/arrays: jvp/arrays's local arrays, VLAs and pointer arithmetic in
** reverse mode: gram (R^{m d} -> R^m, vjp) and walk (scalar, grad and vjp).
** The adjoints of &x[i*d], x + i*d, a walking pointer and pointers stored
** in a local array must all land on the right elements of x_bar.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static double dotp(const double *a, const double *b, int n)
{
    double s = 0.0;
    for (int j = 0; j < n; j++)
        s += a[j] * *(b + j);
    return s;
}

void gram(int m, int d, const double *x, double *y)
{
    double buf[8];
    double vla[m];
    for (int i = 0; i < m; i++) {
        const double *row = &x[i * d];
        const double *p = x + i * d;
        vla[i] = dotp(row, p, d) + dotp(row, x, d);
    }
    for (int j = 0; j < 8; j++)
        buf[j] = (j < d) ? sin(x[j]) : 0.0;
    for (int i = 0; i < m; i++)
        y[i] = vla[i] + 0.1 * dotp(buf, x + i * d, d < 8 ? d : 8);
    double *q = y;
    q += 1;
    *q *= 2.0;
    q[1] = q[1] * q[-1];
}

double walk(const double *x, int n)
{
    double s = 0.0;
    const double *end = x + n;
    for (const double *p = x; p < end; p++)
        s += *p * *p;
    double grid[3][2];
    const double *pick[3];
    for (int i = 0; i < 3; i++) {
        pick[i] = &x[n - 1 - i];
        grid[i][0] = x[i] * x[i + 1];
        grid[i][1] = exp(-x[i]);
    }
    for (int i = 0; i < 3; i++)
        s += grid[i][0] - grid[2 - i][1] * *pick[i];
    return s;
}

#pragma ad jvp(gram) wrt(x[m*d]) out(y[m])
#pragma ad vjp(gram) wrt(x[m*d]) out(y[m])
#pragma ad jvp(walk) wrt(x[n])
#pragma ad vjp(walk) wrt(x[n])
#pragma ad grad(walk) wrt(x[n])

#include "arrays.ad.h"

#define M 4
#define D 3
#define NW 7

static void gram_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    gram(M, D, x, y);
}

static void gram_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    gram_jvp(M, D, x, v, y, ydot);
}

static void gram_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    gram_vjp(M, D, x, xbar, y, w);
}

static void walk_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = walk(x, NW);
}

static void walk_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = walk_jvp(x, v, NW, ydot);
}

static void walk_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = walk_vjp(x, xbar, NW, w[0]);
    w[0] = 0.0;
}

static double walk_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return walk_grad(x, g, NW);
}

int main(void)
{
    OracleRng rng = oracle_rng(5);
    double x[M * D], xw[NW];
    oracle_fill_uniform(&rng, x, M * D, -1.0, 1.0);
    oracle_fill_uniform(&rng, xw, NW, -1.0, 1.0);
    OracleProblem pg = {.name = "gram", .n = M * D, .m = M, .f = gram_flat, .jvp = gram_jvp_flat,
                        .vjp = gram_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_vjp(&pg, NULL, x, &rng, 3, M * D);
    OracleProblem pw = {.name = "walk", .n = NW, .m = 1, .f = walk_flat, .jvp = walk_jvp_flat,
                        .vjp = walk_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_grad(&pw, NULL, xw, walk_grad_flat, NW);
    oracle_check_vjp(&pw, NULL, xw, &rng, 2, NW);
    /* d walk / d x0 in closed form (see jvp/arrays) */
    double g[NW];
    walk_grad(xw, g, NW);
    CHECK_CLOSE("walk_grad[0] closed form", g[0], 2.0 * xw[0] + xw[1] + exp(-xw[0]) * xw[NW - 3],
                ORACLE_RTOL_EXACT, 1e-14);
    return oracle_result();
}
