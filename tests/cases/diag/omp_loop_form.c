// CFLAGS: -fopenmp
// EXPECT-EXIT: 0
// EXPECT-DIAG: omp_loop_form
// EXPECT-STDERR: FILE:15:13: note: the derivatives run this parallel loop on one thread
/* The loop's bound is a call: cc-ad evaluates it in the condition of
** every iteration, which is no longer the form OpenMP shares among
** threads; the derivatives run the loop serially and say so. */
static int count(int n)
{
    return n - 1;
}
double f(const double *x, int n)
{
    double s = 0.0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < count(n); i++)
        s += x[i] * x[i + 1];
    return s;
}
#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
