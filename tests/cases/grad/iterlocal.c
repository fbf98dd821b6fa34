/*
** grad/iterlocal: pointers and integers that each iteration sets before
** reading them, and that nothing outside the loop reads (r = x + i * m,
** j = 2 * i + 1), are computed again by the backward iteration instead of
** saved and restored (adjoint_stmt.c, iteration_local). Each function is a
** way that holds or must not:
**   rows:     r = x + i * m in a loop, and in a nested loop from both counters;
**   carried:  the body reads last iteration's q before setting q (saved);
**   after:    r is read after the loop (saved);
**   moving:   r = x + off with off stepped later in the body (saved);
**   loaded:   r = x + perm[i], perm shuffled by the loop (saved);
**   outer:    v set in an inner loop and read in the outer body (saved).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 12

double rows(const double *x, int n)
{
    int m = 3;
    double s = 0;
    for (int i = 0; i < n / m; i++) {
        const double *r = x + i * m;
        int j = 2 * i + 1;
        s += r[0] * r[1] + sin(r[2]) * x[j % n];
    }
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 3; k++) {
            const double *q = &x[i * 6 + k * 2];
            s += q[0] * cos(q[1]);
        }
    return s;
}

double carried(const double *x, int n)
{
    const double *q;
    double s = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0)
            s += sin(q[0] * x[i]);   /* last iteration's q */
        q = x + i;
        s += q[0] * 0.5;
    }
    return s;
}

double after(const double *x, int n)
{
    const double *r;
    double s = 0;
    for (int i = 0; i < N / 2; i++) {
        r = x + 2 * i;
        s += r[0] * r[1];
    }
    return s + sin(r[0]) * r[1] * (n > 0);
}

double moving(const double *x, int n)
{
    int off = 0;
    double s = 0;
    for (int i = 0; i < n / 3; i++) {
        const double *r = x + off;   /* off changes later in the body */
        s += exp(0.1 * r[0]) * r[2];
        off += 3;
    }
    return s;
}

double loaded(const double *x, int n)
{
    int perm[N];
    for (int j = 0; j < n; j++)
        perm[j] = j;
    double s = 0;
    for (int i = 0; i < n; i++) {
        const double *r = x + perm[i];   /* a table the loop then shuffles */
        s += r[0] * r[0] * x[i];
        int t = perm[i];
        perm[i] = perm[(i + 5) % n];
        perm[(i + 5) % n] = t;
    }
    return s;
}

double outer(const double *x, int n)
{
    double s = 0;
    const double *v;
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 2; k++) {
            v = x + i * 4 + k;
            s += v[0] * v[1];
        }
        s += sin(v[2]) * (n > 0);
    }
    return s;
}

#pragma ad grad(rows) wrt(x[n])
#pragma ad vjp(rows) wrt(x[n])
#pragma ad jvp(rows) wrt(x[n])
#pragma ad grad(carried) wrt(x[n])
#pragma ad vjp(carried) wrt(x[n])
#pragma ad jvp(carried) wrt(x[n])
#pragma ad grad(after) wrt(x[n])
#pragma ad vjp(after) wrt(x[n])
#pragma ad jvp(after) wrt(x[n])
#pragma ad grad(moving) wrt(x[n])
#pragma ad vjp(moving) wrt(x[n])
#pragma ad jvp(moving) wrt(x[n])
#pragma ad grad(loaded) wrt(x[n])
#pragma ad vjp(loaded) wrt(x[n])
#pragma ad jvp(loaded) wrt(x[n])
#pragma ad grad(outer) wrt(x[n])
#pragma ad vjp(outer) wrt(x[n])
#pragma ad jvp(outer) wrt(x[n])

#include "iterlocal.ad.h"

ORACLE_XN_WRAPPERS(rows, N)
ORACLE_XN_WRAPPERS(carried, N)
ORACLE_XN_WRAPPERS(after, N)
ORACLE_XN_WRAPPERS(moving, N)
ORACLE_XN_WRAPPERS(loaded, N)
ORACLE_XN_WRAPPERS(outer, N)

int main(void)
{
    OracleRng rng = oracle_rng(31);
    ORACLE_XN_CHECKS(rows, N, rng);
    ORACLE_XN_CHECKS(carried, N, rng);
    ORACLE_XN_CHECKS(after, N, rng);
    ORACLE_XN_CHECKS(moving, N, rng);
    ORACLE_XN_CHECKS(loaded, N, rng);
    ORACLE_XN_CHECKS(outer, N, rng);
    return oracle_result();
}
