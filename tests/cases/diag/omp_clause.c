// CFLAGS: -fopenmp
// EXPECT-EXIT: 1
// EXPECT-DIAG: omp_clause
// EXPECT-DIAG: omp_syntax
// EXPECT-STDERR: FILE:11:43: error: OpenMP clause 'ordered' cannot be differentiated
// EXPECT-STDERR: FILE:13:26: error: cannot read this OpenMP pragma: reduction(op: list) has no ':'
/* Clauses cc-ad does not know are refused, not dropped. */
double f(const double *x, double *y, int n)
{
    double s = 0.0;
#pragma omp parallel for schedule(static) ordered
    for (int i = 0; i < n; i++) y[i] = x[i] * x[i];
#pragma omp parallel for reduction(s)
    for (int i = 0; i < n; i++) s += y[i];
    return s;
}
#pragma ad vjp(f) wrt(x[n]) out(y[n], return)
