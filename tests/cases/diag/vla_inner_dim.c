// EXPECT-EXIT: 1
// EXPECT-DIAG: vla_in_block
// EXPECT-STDERR: FILE:15:12: error: variable-length array 'A' in a function called from differentiated code has a length computed in the function, which reverse mode cannot handle; allocate it with malloc
/* A two-dimensional VLA whose outer length is constant and whose row length
** k the function computes (double A[2][k]), in a helper reverse mode
** splits: only the outer length was checked, so the frame was declared
** with k before k (`double (*A)[2][k] = ccad_frame_push(..)` above
** `k = n / 2`: the .ad.c did not compile), and the backward sweep's
** A_bar[2][k] had k = 0. Refused as the one-dimensional form is
** (diag/vla_block); a row length over unmodified parameters works
** (double A[2][n / 2]). */
static double kern(const double *x, int n)
{
    int k = n / 2;
    double A[2][k];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < k; j++) A[i][j] = x[i * k + j] * (1.0 + i);
    double s = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < k; j++) s += A[i][j] * A[i][j];
    return s;
}

double f(const double *x, int n)
{
    double a = kern(x, n);
    return a * a;
}

#pragma ad grad(f) wrt(x[n])
