/*
** grad/pointer_walks: loops that walk pointers the ways C code does:
** `while (p-- > c)` backward Horner from one past the end, `while (++p <
** end) *p += p[-1]` (in-place prefix sum to an end pointer passed in),
** strided walks with a negative stride in the loop step (`n--, a += sa, b
** += sb`), `q += 2` forward and `--q` backward over a malloc'd buffer with
** the pointer difference as a weight.
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

static double horner_back(const double *c, int n, double t)
{
    const double *p = c + n;
    double s = 0.0;
    while (p-- > c)
        s = s * t + *p;
    return s;
}

static void prefix_sum(double *a, const double *end)
{
    double *p = a;
    while (++p < end)
        *p += p[-1];
}

static double dot_stride(const double *a, const double *b, int n, int sa, int sb)
{
    double s = 0.0;
    for (; n > 0; n--, a += sa, b += sb)
        s += *a * *b;
    return s;
}

double f(const double *x, int n)
{
    double *w = malloc(sizeof(double) * n), s;
    double *q;
    memcpy(w, x, sizeof(double) * n);
    prefix_sum(w, w + n);
    s = horner_back(w, n, 0.3 + 0.1 * x[0]);
    s += dot_stride(w + n - 1, x, (n + 1) / 2, -2, 2);
    for (q = w; q < w + n; q += 2)
        *q = sin(*q);
    for (q = w + n - 1; q >= w; --q)
        s += *q * (q - w + 1);
    free(w);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "pointer_walks.ad.h"

ORACLE_XN_CASE(f, 9, 1934)
