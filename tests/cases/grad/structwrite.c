/*
** grad/structwrite: helpers that write two pointer levels below their
** argument, into a struct's data (y->v[i] += a * x->v[i]) or through a
** double ** (rows[r][j] = ...), in a loop, with later code reading what
** they wrote. Activity must see the writes at the level they happen (it
** used to mark the struct, not its data, and refused the program), and
** reverse mode must keep the overwritten data for the backward code that
** reads it (the callee saves what it overwrites there; it used to look
** only one level down, which gave a wrong gradient).
**   vec:   Vec W = {w, n}, R = {r, n}; axpy(a, &W, &R); q = nrm(&R) ...
**   direct: the caller itself reads r after scal(.., &R) (not the struct);
**   rows:  double *rows[3] over one buffer; scale_rows(rows) then sums.
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 7

typedef struct { double *v; int n; } Vec;

static void axpy(double a, const Vec *x, Vec *y)
{
    for (int i = 0; i < y->n; i++)
        y->v[i] += a * x->v[i];
}

static double nrm(const Vec *x)
{
    double s = 0;
    for (int i = 0; i < x->n; i++)
        s += x->v[i] * x->v[i];
    return sqrt(s);
}

double vec(const double *x, int n)
{
    double *w = malloc(sizeof(double) * (size_t)n), *r = calloc((size_t)n, sizeof(double));
    for (int i = 0; i < n; i++)
        w[i] = x[i];
    Vec W = {w, n}, R = {r, n};
    double s = 0;
    for (int k = 0; k < 4; k++) {
        axpy(0.3 + 0.1 * k, &W, &R);
        double q = nrm(&R);
        for (int i = 0; i < n; i++)
            w[i] = w[i] / (1.0 + q) + 0.01 * r[(i + k) % n];
        s += q;
    }
    free(w);
    free(r);
    return s;
}

static void scal(double a, const Vec *x, Vec *y)
{
    for (int i = 0; i < y->n; i++)
        y->v[i] = a * x->v[i];
}

/* the caller reads the data scal wrote directly, never the struct, and
** scal's backward code does not read it either */
double direct(const double *x, int n)
{
    double r[N] = {0};
    Vec X = {(double *)x, n}, R = {r, n};
    double s = 0;
    for (int k = 0; k < 3; k++) {
        scal(0.5 + 0.2 * k, &X, &R);
        for (int i = 0; i < n; i++)
            s += sin(r[i]) * (k + 1);
    }
    return s;
}

static void scale_rows(double **rows, int nr, int m, double t)
{
    for (int a = 0; a < nr; a++)
        for (int j = 0; j < m; j++)
            rows[a][j] = rows[a][j] * cos(t * rows[a][(j + 1) % m]);
}

double rows(const double *x, int n)
{
    double buf[3 * N];
    double *rp[3] = {buf, buf + n, buf + 2 * n};
    for (int i = 0; i < 3 * n; i++)
        buf[i] = x[i % n] * (1.0 + 0.1 * i);
    double s = 0;
    for (int k = 0; k < 3; k++) {
        scale_rows(rp, 3, n, 0.2 + 0.1 * k);
        s += rp[k][0] * rp[(k + 1) % 3][n - 1];
    }
    return s;
}

#pragma ad grad(vec) wrt(x[n])
#pragma ad vjp(vec) wrt(x[n])
#pragma ad jvp(vec) wrt(x[n])
#pragma ad grad(direct) wrt(x[n])
#pragma ad vjp(direct) wrt(x[n])
#pragma ad jvp(direct) wrt(x[n])
#pragma ad grad(rows) wrt(x[n])
#pragma ad vjp(rows) wrt(x[n])
#pragma ad jvp(rows) wrt(x[n])

#include "structwrite.ad.h"

ORACLE_XN_WRAPPERS(vec, N)
ORACLE_XN_WRAPPERS(direct, N)
ORACLE_XN_WRAPPERS(rows, N)

int main(void)
{
    OracleRng rng = oracle_rng(23);
    ORACLE_XN_CHECKS(vec, N, rng);
    ORACLE_XN_CHECKS(direct, N, rng);
    ORACLE_XN_CHECKS(rows, N, rng);
    return oracle_result();
}
