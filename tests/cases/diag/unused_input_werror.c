// EXPECT-EXIT: 1
// EXPECT-DIAG: unused_input
// CCAD-ARGS: -Werror
// EXPECT-STDERR: FILE:15:37: error: input 'w' of 'weighted' has no path to any output: its derivative is zero
/* The same input without a path to the output, under -Werror: the warning
** is an error and nothing is written. */
double weighted(const double *x, const double *w, int n, double bias)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

#pragma ad grad(weighted) wrt(x[n], w[n])
