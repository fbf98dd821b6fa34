// CFLAGS: -fopenmp
// EXPECT-EXIT: 1
// EXPECT-DIAG: omp_construct
// EXPECT-STDERR: FILE:14:13: error: '#pragma omp sections' cannot be differentiated
/* A parallel region whose sections scale the result: 'sections' is not a
** construct cc-ad differentiates; the message says what is. */
double total(const double *x, int n)
{
    double s = 0.0;
#pragma omp parallel
    {
#pragma omp for reduction(+:s)
        for (int i = 0; i < n; i++) s += x[i] * x[i];
#pragma omp sections
        {
            s = 2.0 * s;
        }
    }
    return s;
}
#pragma ad grad(total) wrt(x[n])
