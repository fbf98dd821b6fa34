// EXPECT-EXIT: 1
// EXPECT-DIAG: omp_one_thread_active
// EXPECT-STDERR: FILE:19:13: error: '#pragma omp single' holds code that carries derivatives
/* A '#pragma omp single' (or master) block inside a parallel region is run
** as the primal runs it, which is right only for bookkeeping that carries
** no derivative (a counter, a flag); here it updates a value that depends
** on x, and is refused in every mode. */
// CFLAGS: -fopenmp
#include <math.h>

double smooth(const double *x, int n)
{
    double u[8] = {0}, total = 0;
#pragma omp parallel
    {
        for (int it = 0; it < 3; it++) {
#pragma omp for
            for (int i = 0; i < 8; i++) u[i] += sin(x[i % n]);
#pragma omp single
            total += u[it];
        }
    }
    return total;
}

#pragma ad jvp(smooth) wrt(x[n])
#pragma ad grad(smooth) wrt(x[n])
