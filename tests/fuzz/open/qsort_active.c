/* OPEN (probe14): VALID CODE REFUSED: qsort on an array that carries
** derivatives (a trimmed mean: copy, qsort with a comparator of the file,
** average the middle; medians, order statistics and robust losses are
** written this way) is "error: argument 1 of the call to 'qsort' points to
** data that carries derivatives, but cc-ad cannot see the body of 'qsort'
** ...; define it in this file, declare '#pragma ad inactive(qsort)' ..., or
** give one with custom_jvp/custom_vjp". None of the three is open to the
** user: inactive would drop the derivative, and a custom rule cannot be
** written for qsort's void * interface. The derivative of a sort is the
** permutation it applies (tangents and adjoints move with their values;
** ties are a measure-zero set): sorting (value, index) pairs with the
** user's comparator on the values would give it in every mode.
** Expected: the gradient of the trimmed mean (1/3 on the three middle
** elements); got: cc-ad exits 1. Run: run_case.sh ... qsort_active.c */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"
/* trimmed mean: sort a copy with qsort, average the middle */
static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
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
#pragma ad grad(trimmed_mean) wrt(x[n])
#include "qsort_active.ad.h"
int main(void)
{
    double x[5] = {3, 1, 5, 2, 4}, g[5], want[5] = {1. / 3, 0, 0, 1. / 3, 1. / 3};
    double v = trimmed_mean_grad(x, g, 5);
    CHECK_CLOSE("primal", v, trimmed_mean(x, 5), 0, 0);
    for (int i = 0; i < 5; i++) CHECK_CLOSE("g", g[i], want[i], 1e-12, 1e-15);
    return oracle_result();
}
