// EXPECT-EXIT: 1
// EXPECT-DIAG: omp_orphaned
// EXPECT-ERRORS: 1
// EXPECT-STDERR: FILE:15:13: error: '#pragma omp single' outside a parallel region of its function binds to the caller's team
/* '#pragma omp single' outside any parallel region of the function (an
** orphaned construct) binds to the team of whoever calls the function: a
** derivative that runs its regions on one thread (reverse mode) would run
** the statement on every calling thread. Only single and master inside a
** region of the same function are accepted. */
// CFLAGS: -fopenmp
#include <math.h>

double step(const double *x, int *calls, int n)
{
#pragma omp single
    (*calls)++;
    double s = 0;
    for (int i = 0; i < n; i++) s += sin(x[i]);
    return s;
}

#pragma ad grad(step) wrt(x[n])
