/*
** grad/scatter: an array read by one loop (s += v[i] * v[i]) and then
** updated through a computed index by a later loop (a scatter-add): the
** backward sweep of the first loop must see the values from before the
** scatter. The scatter's index is a temporary of its own (a division:
** k = (i + 1) % n), and restoring v[k] reads k, so k itself must be kept
** for the backward iterations (it used to hold its last value: grad -0.4
** instead of 1.6 on the form).
**   modscat:  v[(i + 1) % n] += 0.3 in a for loop (the form);
**   whilescat: the same in a while loop, the index stepping by 3 mod n;
**   permscat: v[perm[i]] += 0.3, the index loaded from an int array
**             that a later loop overwrites;
**   whileidx: a while loop that scatters through idx[i] and clears
**             idx[i] right after.
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 6

double modscat(const double *x, int n)
{
    double v[N] = {0};
    for (int i = 0; i < n; i++)
        v[i] = x[i];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    for (int i = 0; i < n; i++)
        v[(i + 1) % n] += 0.3;
    for (int i = 0; i < n; i++)
        s += v[i] * x[i];
    return s;
}

double whilescat(const double *x, int n)
{
    double v[N] = {0};
    for (int i = 0; i < n; i++)
        v[i] = sin(x[i]);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += v[i] * v[i] * x[i];
    int j = 1, t = 0;
    while (t < 2 * n) {
        v[j] += 0.3;
        j = (j + 3) % n;
        t++;
    }
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    return s;
}

double permscat(const double *x, int n)
{
    double v[N] = {0};
    int perm[N];
    for (int i = 0; i < n; i++) {
        v[i] = x[i] * x[i];
        perm[i] = (5 * i + 2) % n;
    }
    double s = 0;
    for (int i = 0; i < n; i++)
        s += v[i] * x[i];
    for (int i = 0; i < n; i++)
        v[perm[i]] += 0.3;
    for (int i = 0; i < n; i++)
        perm[i] = (perm[i] + 1) % n;
    for (int i = 0; i < n; i++)
        s += v[perm[i]] * x[i];
    return s;
}

double whileidx(const double *x, int n)
{
    double v[N] = {0};
    int idx[N];
    for (int i = 0; i < n; i++) {
        v[i] = sin(x[i]);
        idx[i] = (i + 2) % n;
    }
    double s = 0;
    int i = 0;
    while (i < n) {
        s += v[i] * v[i];
        i++;
    }
    i = 0;
    while (i < n) {
        v[idx[i]] += 0.3;
        idx[i] = 0;
        i++;
    }
    for (int j = 0; j < n; j++)
        s += v[j] * x[j];
    return s;
}

#pragma ad grad(modscat) wrt(x[n])
#pragma ad vjp(modscat) wrt(x[n])
#pragma ad jvp(modscat) wrt(x[n])
#pragma ad grad(whilescat) wrt(x[n])
#pragma ad vjp(whilescat) wrt(x[n])
#pragma ad jvp(whilescat) wrt(x[n])
#pragma ad grad(permscat) wrt(x[n])
#pragma ad vjp(permscat) wrt(x[n])
#pragma ad jvp(permscat) wrt(x[n])
#pragma ad grad(whileidx) wrt(x[n])
#pragma ad vjp(whileidx) wrt(x[n])
#pragma ad jvp(whileidx) wrt(x[n])

#include "scatter.ad.h"

ORACLE_XN_WRAPPERS(modscat, N)
ORACLE_XN_WRAPPERS(whilescat, N)
ORACLE_XN_WRAPPERS(permscat, N)
ORACLE_XN_WRAPPERS(whileidx, N)

int main(void)
{
    OracleRng rng = oracle_rng(31);
    ORACLE_XN_CHECKS(modscat, N, rng);
    ORACLE_XN_CHECKS(whilescat, N, rng);
    ORACLE_XN_CHECKS(permscat, N, rng);
    ORACLE_XN_CHECKS(whileidx, N, rng);
    return oracle_result();
}
