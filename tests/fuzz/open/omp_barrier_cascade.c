// CFLAGS: -fopenmp
/* OPEN (probe5): diagnostic (low severity). In a parallel region, an
** `omp barrier` between two worksharing loops is refused (fine, and the
** message says what to write instead), but the *next*, valid, loop is
** refused too, with a message that contradicts itself:
**   b.c:14:21: error: '#pragma omp barrier' cannot be differentiated; write
**   the work as loops under '#pragma omp parallel for', 'for' or 'simd', ...
**   b.c:15:21: error: '#pragma omp for' cannot be differentiated; write the
**   work as loops under '#pragma omp parallel for', 'for' or 'simd', ...
** Without the barrier line the same region is accepted and right (grad and
** jvp against central differences). Expected: one error, at the barrier
** (or, better, a barrier between worksharing loops accepted: the implicit
** barrier of `omp for` is the same thing).
**   build/tool/cc-ad -o /tmp/b.ad.c tests/fuzz/open/omp_barrier_cascade.c -- -fopenmp */
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
