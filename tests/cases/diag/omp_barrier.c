// CFLAGS: -fopenmp
// EXPECT-EXIT: 1
// EXPECT-DIAG: omp_construct
// EXPECT-STDERR: FILE:19:21: error: '#pragma omp barrier' cannot be differentiated
// EXPECT-ERRORS: 1
/* (probe5) In a parallel region, an `omp barrier` between two worksharing
** loops is refused (the message says what to write instead); the next,
** valid `omp for`, whose line follows the barrier's, was refused too, with
** a message contradicting the first. One error now, at the barrier. */
#include <math.h>

double f(const double *x, int n, double *tmp)
{
    double s = 0.0;
    #pragma omp parallel
    {
        #pragma omp for nowait
        for (int i = 0; i < n; i++) tmp[i] = sin(x[i]) * x[(i + 1) % n];
        #pragma omp barrier
        #pragma omp for reduction(+:s)
        for (int i = 0; i < n; i++) s += tmp[i] * tmp[(i + 2) % n];
    }
    return s;
}

#pragma ad grad(f) wrt(x[n]) scratch(tmp[n])
