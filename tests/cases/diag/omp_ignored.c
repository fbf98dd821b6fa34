// EXPECT-EXIT: 0
// EXPECT-DIAG: omp_ignored
// EXPECT-STDERR: FILE:9:13: warning: parsed without -fopenmp, cc-ad ignores
/* Parsed without -fopenmp, the loop is serial in the primal as compiled
** the same way, and in its derivative: a warning, once per function. */
double sumsq(const double *x, int n)
{
    double s = 0.0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++) s += x[i] * x[i];
    return s;
}
#pragma ad grad(sumsq) wrt(x[n])
