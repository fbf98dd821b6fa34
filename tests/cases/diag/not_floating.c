// EXPECT-EXIT: 1
// EXPECT-DIAG: return_not_float
// EXPECT-STDERR: FILE:15:
// EXPECT-STDERR: error:
// EXPECT-STDERR: not floating
/* An int return value cannot be a differentiable output. */
int count_positive(const double *x, int n)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        c += x[i] > 0.0;
    return c;
}

#pragma ad jvp(count_positive) wrt(x[n]) out(return)
