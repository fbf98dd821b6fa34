// EXPECT-EXIT: 1
// EXPECT-DIAG: omp_construct
// EXPECT-STDERR: FILE:14:13: error: '#pragma omp atomic read' cannot be differentiated
/* An atomic form cc-ad does not differentiate is named whole in the
** message ('atomic read'), not as 'atomic', which is supported (updates,
** and captures of data without derivatives). */
// CFLAGS: -fopenmp

double peek(const double *x, int n)
{
    double s = x[0], t = 0;
#pragma omp parallel
    {
#pragma omp atomic read
        t = s;
    }
    return t * n;
}

#pragma ad jvp(peek) wrt(x[n])
