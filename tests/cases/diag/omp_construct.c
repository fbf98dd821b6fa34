// CFLAGS: -fopenmp
// EXPECT-EXIT: 1
// EXPECT-DIAG: omp_construct
// EXPECT-STDERR: FILE:13:13: error: '#pragma omp critical' cannot be differentiated
/* A parallel region with a critical section: not a loop cc-ad can
** differentiate; the message says how to write it. */
double total(const double *x, int n)
{
    double s = 0.0;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double t = x[i] * x[i];
#pragma omp critical
        s += t;
    }
    return s;
}
#pragma ad grad(total) wrt(x[n])
