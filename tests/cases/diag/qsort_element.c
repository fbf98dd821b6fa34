// EXPECT-EXIT: 1
// EXPECT-DIAG: qsort_element
// EXPECT-STDERR: FILE:30:5: error: qsort moves data that carries derivatives here
// EXPECT-STDERR: FILE:40:5: error: qsort moves data that carries derivatives here
// EXPECT-ERRORS: 2
/* qsort of data that carries derivatives is differentiated as the
** permutation it applies (tests/cases/grad/qsort_active.c), moving whole
** elements of the type its first argument points to. Rows (elements that
** are arrays, which C does not assign) and a size that is not that type's
** (pairs of doubles sorted through a double *) stay a call of qsort, which
** a derivative refuses with what to write instead, not with the advice for
** a function whose body cc-ad cannot see. */
#include <stdlib.h>

static int by_first(const void *a, const void *b)
{
    const double *p = a, *q = b;
    return (p[0] > q[0]) - (p[0] < q[0]);
}

double rows(const double *x, int n)
{
    double (*r)[2] = malloc(n * sizeof *r);
    for (int i = 0; i < n; i++) {
        r[i][0] = x[i];
        r[i][1] = x[i] * x[i];
    }
    double s = 0.0;
    /* elements that are rows */
    qsort(r, n, sizeof r[0], by_first);
    for (int i = 0; i < n; i++) s += (i + 1) * r[i][1];
    free(r);
    return s;
}

double pairs(double *p, int n)
{
    double s = 0.0;
    /* pairs (key, value) through a double * */
    qsort(p, n, 2 * sizeof(double), by_first);
    for (int i = 0; i < n; i++) s += (i + 1) * p[2 * i + 1];
    return s;
}

#pragma ad grad(rows) wrt(x[n])
#pragma ad grad(pairs) wrt(p[2 * n])
