/*
** grad/indices: subscripts with divisions and remainders inside loops.
** Reverse mode tapes such an index (k = (i + s) % n; x[k]) instead of
** recomputing it in the backward sweep; this case checks that every use
** of the popped index matches the forward one: gathers, scatter-adds with
** repeated targets, a nonlinear overwrite through a computed index (its old
** value restored through the same index), a subscript used twice, an index
** read from an int table at a computed position, division by a variable,
** an inner loop whose index mixes both counters, a data-dependent while
** loop, and a subscript under ?: (evaluated only on one side, so not
** hoisted). It also has scalar adjoints accumulated in both branches of an
** if, and a loop left by break, for the first-accumulation rewrite.
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*), on n = 11 (prime, so i % n and (3 i) % m repeat
** targets irregularly).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static void tile(const double *p, int np, int shift, double *out, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = p[((i - shift) % np + np) % np] * 1.5;
}

double f(const double *x, int n)
{
    int m = n / 2 + 1, d = 3;
    int perm[16];
    double t[16], acc[8] = {0}, y[8];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        perm[i] = (i * 5 + 2) % n;
    tile(x, n, 4, t, n);
    for (int j = 0; j < m; j++)
        y[j] = 1.0 + 0.1 * j;
    for (int i = 0; i < n; i++) {
        acc[(3 * i) % m] += x[i] * x[(i + 1) % n];     /* scatter-add, repeated targets */
        y[i % m] = y[i % m] * sin(x[i]) + t[i] * 0.5;  /* nonlinear overwrite */
        s += x[i % n] * x[i % n] * 0.1;                /* one subscript, twice */
        s += x[perm[(i * 7) % n]] * t[(i + 2) % n];    /* an index read at a computed position */
        s += 0.2 * x[i / d] * x[(n - 1 - i) / d];      /* division by a variable */
        double v = i > 3 ? x[(i * i) % n] : 2.0;       /* under ?: (not hoisted) */
        s += v * v * 0.05;
    }
    for (int i = 1; i < 4; i++)
        for (int j = 0; j < n; j++)
            s += 0.01 * x[(i * j) % n] * x[j] * i;
    int k = 0;
    double w = 1.0;
    while (w < 4.0 && k < 40) {                        /* data-dependent trip count */
        w = w * (1.1 + 0.05 * x[(k * 3 + 1) % n] * x[(k * 3 + 1) % n]);
        k++;
    }
    double r = 0.0;
    for (int i = 0; i < n; i++) {
        double a = x[i] * 2.0, b;
        if (x[(i + 5) % n] > 0.0)
            b = a * a;
        else
            b = sin(a);
        r += b;
        if (r > 3.0)
            break;
    }
    for (int j = 0; j < m; j++)
        s += acc[j] * y[j];
    return s + w + r;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "indices.ad.h"

ORACLE_XN_CASE(f, 11, 29)
