/*
** grad/qsort_active: qsort of data that carries derivatives (probe14: it
** was refused as a call whose body cc-ad cannot see). The derivative of a
** sort is the permutation it applies: cc-ad lowers the call to libccad's
** permutation under the user's comparator and copies through it, so each
** tangent or adjoint moves with its value (front/lower_sort.c). Shapes:
** a trimmed mean (closed form: 1/3 on the three middle elements), a rank-
** weighted nonlinear sum, structs sorted by one of two active fields, a
** helper sorting a window in a loop (split callee, buffer overwritten each
** iteration), and a base that is not a variable (a + 1 of a local array).
** Oracles: the closed form, and central differences with x drawn apart
** (no ties, where a sort's derivative is not defined) for grad, vjp, jvp.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* trimmed mean: sort a copy with qsort, average the middle */
double trimmed_mean(const double *x, int n)
{
    double *s = malloc(n * sizeof *s);
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp);
    double m = 0;
    for (int i = 1; i < n - 1; i++) m += s[i];
    free(s);
    return m / (n - 2);
}

/* values sorted after a nonlinear map, weighted by rank */
double ranked(const double *x, int n)
{
    double *s = malloc(n * sizeof(double));
    for (int i = 0; i < n; i++) s[i] = sin(2.0 * x[i]) + 0.3 * x[i];
    qsort(s, (size_t)n, sizeof(double), cmp);
    double r = 0.0;
    for (int k = 0; k < n; k++) r += (k + 1) * s[k] * s[k];
    free(s);
    return r;
}

typedef struct { double key, val; } Pair;

static int by_key(const void *a, const void *b)
{
    const Pair *p = a, *q = b;
    return (p->key > q->key) - (p->key < q->key);
}

/* structs sorted by key: val (active too) moves with its key */
double pairs(const double *x, int n)
{
    Pair *p = malloc(n * sizeof *p);
    for (int i = 0; i < n; i++) {
        p[i].key = x[i] * x[i] - 0.5 * x[i];
        p[i].val = exp(0.5 * x[i]) * x[(i + 1) % n];
    }
    qsort(p, n, sizeof *p, by_key);
    double r = 0.0;
    for (int k = 0; k < n; k++) r += (k + 1) * p[k].val + p[k].key * p[k].key;
    free(p);
    return r;
}

static double median3(double *w, int m)
{
    qsort(w, m, sizeof w[0], cmp);
    return w[m / 2] * w[m / 2];
}

/* a window sorted by a helper in a loop, its buffer reused */
double windows(const double *x, int n)
{
    double w[3], r = 0.0;
    for (int i = 0; i + 3 <= n; i++) {
        for (int j = 0; j < 3; j++) w[j] = x[i + j] * (1.0 + 0.1 * j);
        r += median3(w, 3) * x[i] + w[0];
    }
    return r;
}

/* the middle of a local array sorted in place */
double middle(const double *x, int n)
{
    double a[6];
    for (int i = 0; i < 6; i++) a[i] = x[i % n] * x[(i + 2) % n];
    qsort(a + 1, 4, sizeof(double), cmp);
    return a[0] + 2.0 * a[1] + 3.0 * a[2] * a[2] + 4.0 * a[3] - a[4] * a[5];
}

#pragma ad grad(trimmed_mean) wrt(x[n])
#pragma ad grad(ranked) wrt(x[n])
#pragma ad vjp(ranked) wrt(x[n])
#pragma ad jvp(ranked) wrt(x[n])
#pragma ad grad(pairs) wrt(x[n])
#pragma ad vjp(pairs) wrt(x[n])
#pragma ad jvp(pairs) wrt(x[n])
#pragma ad grad(windows) wrt(x[n])
#pragma ad vjp(windows) wrt(x[n])
#pragma ad jvp(windows) wrt(x[n])
#pragma ad grad(middle) wrt(x[n])
#pragma ad vjp(middle) wrt(x[n])
#pragma ad jvp(middle) wrt(x[n])

#include "qsort_active.ad.h"

enum { N = 7 };

ORACLE_XN_WRAPPERS(ranked, N)
ORACLE_XN_WRAPPERS(pairs, N)
ORACLE_XN_WRAPPERS(windows, N)
ORACLE_XN_WRAPPERS(middle, N)

int main(void)
{
    double x[5] = {3, 1, 5, 2, 4}, g[5], want[5] = {1. / 3, 0, 0, 1. / 3, 1. / 3};
    double v = trimmed_mean_grad(x, g, 5);
    CHECK_CLOSE("trimmed_mean primal", v, trimmed_mean(x, 5), 0, 0);
    for (int i = 0; i < 5; i++) CHECK_CLOSE("trimmed_mean g", g[i], want[i], 1e-12, 1e-15);

    OracleRng rng = oracle_rng(14);
    ORACLE_XN_CHECKS(ranked, N, rng);
    ORACLE_XN_CHECKS(pairs, N, rng);
    ORACLE_XN_CHECKS(windows, N, rng);
    ORACLE_XN_CHECKS(middle, N, rng);
    return oracle_result();
}
