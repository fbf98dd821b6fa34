// EXPECT-EXIT: 1
// EXPECT-DIAG: vla_in_block
// EXPECT-STDERR: FILE:11:16: error: variable-length array 'd' inside a block has a length computed in the function, which reverse mode cannot handle; allocate it with malloc
/* A scratch variable-length array inside a loop, whose length the function
** computes: reverse mode needs every block's storage at the top */
double pairwise(const double *x, int n)
{
    double s = 0.0;
    for (int k = 1; k < n; k++) {
        int m = n - k;
        double d[m];
        for (int i = 0; i < m; i++)
            d[i] = x[i + k] - x[i];
        for (int i = 0; i < m; i++)
            s += d[i] * d[i] / k;
    }
    return s;
}

#pragma ad grad(pairwise) wrt(x[n])
