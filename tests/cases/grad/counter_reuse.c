/*
** grad/counter_reuse: C89-style counters declared once and reused by loop
** after loop (int i, j; as the n-body benchmark, f2c and MINPACK write
** them). A counted loop's backward sweep sets its counter again, so the
** next loop's j = i + 1 overwrites nothing the backward sweep needs: it
** saves nothing, where it saved j once per outer iteration. Where the old
** value is read after all (x[i - 1] after a loop, then i reused) it is
** still saved: that function's differences would show a wrong restore.
** Oracles: central differences and the dot-product test with jvp
** (ORACLE_XN_CHECKS), the tape's peak for pairs().
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty, ccad_tape_peak_bytes */
#include "ccad_oracle.h"

double pairs(const double *x, int n)
{
    int i, j;
    double s;

    s = 0.0;
    for (i = 0; i < n; i++) {
        for (j = 0; j < i; j++)
            s += x[i] * x[j] * 0.5;
        for (j = i + 1; j < n; j++)
            s += sin(x[i] - x[j]);
    }
    for (i = 0; i < n; i++)
        s += x[i] * x[i] * x[i];
    return s;
}

/* the value of i after the first loop is read by the statement after it,
** whose backward code runs after the second loop's has put i back */
double after_loop(const double *x, int n)
{
    int i;
    double s = 0.0, t;

    for (i = 0; i < n && x[i] < 0.9; i++)
        s += x[i] * x[i];
    t = x[i - 1] * s;
    for (i = 0; i < n; i++)
        s += t * x[i];
    return s + t;
}

#pragma ad grad(pairs) wrt(x[n])
#pragma ad vjp(pairs) wrt(x[n])
#pragma ad jvp(pairs) wrt(x[n])
#pragma ad grad(after_loop) wrt(x[n])
#pragma ad vjp(after_loop) wrt(x[n])
#pragma ad jvp(after_loop) wrt(x[n])

#include "counter_reuse.ad.h"

#define N 7

ORACLE_XN_WRAPPERS(pairs, N)
ORACLE_XN_WRAPPERS(after_loop, N)

int main(void)
{
    OracleRng rng = oracle_rng(89);
    ORACLE_XN_CHECKS(pairs, N, rng);
    ORACLE_XN_CHECKS(after_loop, N, rng);
    double x[N], g[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    ccad_tape_reset_peak();
    pairs_grad(x, g, N);
    size_t peak = ccad_tape_peak_bytes();
    printf("pairs_grad: peak tape %zu bytes\n", peak);
    CHECK_TRUE("pairs_grad saves no counter j (it saved one per outer iteration)", peak < sizeof(long) * N);
    return oracle_result();
}
