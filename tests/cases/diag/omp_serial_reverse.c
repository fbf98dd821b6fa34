// CFLAGS: -fopenmp
// EXPECT-EXIT: 0
// EXPECT-DIAG: omp_serial_reverse
// EXPECT-STDERR: FILE:17:13: note: the reverse-mode sweeps of this parallel loop run on one thread
/* The body calls a function of FILE.c, whose backward sweep accumulates
** into its arguments' adjoints where cc-ad cannot make it race-free:
** the reverse sweeps run serially (the jvp stays parallel). */
#include <math.h>

static double sq(double x)
{
    return x * x;
}
double f(const double *x, int n)
{
    double s = 0.0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++) {
        double t = sin(x[i]);
        s += sq(t);
    }
    return s;
}
#pragma ad grad(f) wrt(x[n])
