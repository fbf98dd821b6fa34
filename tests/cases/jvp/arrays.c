/*
** jvp/arrays: local arrays, VLAs, pointer parameters, pointer arithmetic
** and offsets into arrays: &x[i*d], x + i*d, *(p + j), a pointer walking
** an array (p++ up to an end pointer), a pointer incremented into an
** output array, a local array of pointers into the input, a 2-D local
** array. The functions:
**   gram(m, d, x, y)   y[i] = <row i, row i> + <row i, row 0> for the
**                      m x d row-major x, plus a smoothing through a
**                      fixed-size local buffer and a VLA
**   walk(x, n)         sum over a pointer walk, a 2-D local array
*/
#include <math.h>

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
#pragma ad jvp(walk) wrt(x[n])

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

int main(void)
{
    OracleRng rng = oracle_rng(5);
    double x[M * D], xw[NW];
    oracle_fill_uniform(&rng, x, M * D, -1.0, 1.0);
    oracle_fill_uniform(&rng, xw, NW, -1.0, 1.0);

    OracleProblem pg = {.name = "gram", .n = M * D, .m = M, .f = gram_flat, .jvp = gram_jvp_flat};
    oracle_check_jvp(&pg, NULL, x, &rng, 4, M * D);
    OracleProblem pw = {.name = "walk", .n = NW, .m = 1, .f = walk_flat, .jvp = walk_jvp_flat};
    oracle_check_jvp(&pw, NULL, xw, &rng, 4, NW);

    /* walk in closed form, direction e_0: d/dx0 of x0^2 + x0 x1 - exp(-x0) x[n-1-2]... */
    double v[NW] = {0}, ret_dot = NAN;
    v[0] = 1.0;
    walk_jvp(xw, v, NW, &ret_dot);
    /* terms with x0: x0^2, grid[0][0] = x0 x1, grid[0][1] = exp(-x0) used at i = 2 with pick[2] = x[n-3] */
    double want = 2.0 * xw[0] + xw[1] + exp(-xw[0]) * xw[NW - 3];
    CHECK_CLOSE("walk d/dx0 closed form", ret_dot, want, ORACLE_RTOL_EXACT, 1e-14);
    return oracle_result();
}
