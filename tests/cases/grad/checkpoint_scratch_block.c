/*
** grad/checkpoint_scratch_block: a '#pragma ad checkpoint' loop whose body
** declares a scratch block it mallocs and frees (double *t = malloc(..);
** ... free(t);), and one that sorts with qsort (lowered to a permutation
** and a copy buffer malloc'd and freed in the body, front/lower_sort.c).
** Such a block is not state: an iteration run again allocates it again.
** cc-ad saved it anyway, through the pointer as the last iteration left it,
** freed by then: the saves read freed memory and the loads wrote into it
** (found with qsort in a checkpointed loop; "free(): invalid pointer").
** Oracle: the same functions without the pragma (the same arithmetic in
** the same order: gradients equal to 1e-15), and central differences.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h"
#include "ccad_oracle.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double scratch(const double *x, int n)
{
    double s = 0.0, w[4];
#pragma ad checkpoint(snapshots=3)
    for (int t = 0; t < 12; t++) {
        double *tmp = malloc(4 * sizeof(double));
        for (int j = 0; j < 4; j++) tmp[j] = sin(x[(t + j) % n] + 0.1 * s);
        for (int j = 0; j < 4; j++) w[j] = tmp[3 - j] * tmp[j];
        free(tmp);
        s += w[1] + 0.5 * w[2] * s;
    }
    return s;
}

double scratch_plain(const double *x, int n)
{
    double s = 0.0, w[4];
    for (int t = 0; t < 12; t++) {
        double *tmp = malloc(4 * sizeof(double));
        for (int j = 0; j < 4; j++) tmp[j] = sin(x[(t + j) % n] + 0.1 * s);
        for (int j = 0; j < 4; j++) w[j] = tmp[3 - j] * tmp[j];
        free(tmp);
        s += w[1] + 0.5 * w[2] * s;
    }
    return s;
}

double sorted(const double *x, int n)
{
    double s = 0.0, w[4];
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < 10; t++) {
        for (int j = 0; j < 4; j++) w[j] = sin(x[(t + j) % n] + 0.1 * s);
        qsort(w, 4, sizeof w[0], cmp);
        s += w[1] * w[2];
    }
    return s;
}

double sorted_plain(const double *x, int n)
{
    double s = 0.0, w[4];
    for (int t = 0; t < 10; t++) {
        for (int j = 0; j < 4; j++) w[j] = sin(x[(t + j) % n] + 0.1 * s);
        qsort(w, 4, sizeof w[0], cmp);
        s += w[1] * w[2];
    }
    return s;
}

#pragma ad grad(scratch) wrt(x[n])
#pragma ad grad(scratch_plain) wrt(x[n])
#pragma ad vjp(scratch) wrt(x[n])
#pragma ad jvp(scratch) wrt(x[n])
#pragma ad grad(sorted) wrt(x[n])
#pragma ad grad(sorted_plain) wrt(x[n])
#pragma ad vjp(sorted) wrt(x[n])
#pragma ad jvp(sorted) wrt(x[n])

#include "checkpoint_scratch_block.ad.h"

enum { N = 5 };

ORACLE_XN_WRAPPERS(scratch, N)
ORACLE_XN_WRAPPERS(sorted, N)

int main(void)
{
    OracleRng rng = oracle_rng(7);
    double x[N], g[N], gp[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    CHECK_CLOSE("scratch primal", scratch_grad(x, g, N), scratch_plain_grad(x, gp, N), 0, 0);
    CHECK_VEC_CLOSE("scratch grad = without the pragma", g, gp, N, 1e-15, 1e-15);
    CHECK_CLOSE("sorted primal", sorted_grad(x, g, N), sorted_plain_grad(x, gp, N), 0, 0);
    CHECK_VEC_CLOSE("sorted grad = without the pragma", g, gp, N, 1e-15, 1e-15);
    ORACLE_XN_CHECKS(scratch, N, rng);
    ORACLE_XN_CHECKS(sorted, N, rng);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
