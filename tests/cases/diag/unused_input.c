// EXPECT-EXIT: 0
// EXPECT-DIAG: unused_input
// EXPECT-STDERR: FILE:13:37: warning: input 'w' of 'weighted' has no path to any output: its derivative is zero
/* An input with no path to the output: its derivative is zero, a warning. */
double weighted(const double *x, const double *w, int n, double bias)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

#pragma ad grad(weighted) wrt(x[n], w[n])
