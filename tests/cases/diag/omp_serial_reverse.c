// CFLAGS: -fopenmp
// EXPECT-EXIT: 0
// EXPECT-DIAG: omp_serial_reverse
// EXPECT-STDERR: FILE:12:13: note: the reverse-mode sweeps of this parallel loop run on one thread
/* Each iteration computes t nonlinearly and its adjoint needs t: the
** reverse sweeps keep t on the tape, which runs them serially (the jvp
** stays parallel). */
#include <math.h>
double f(const double *x, int n)
{
    double s = 0.0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++) {
        double t = sin(x[i]);
        s += t * t;
    }
    return s;
}
#pragma ad grad(f) wrt(x[n])
