// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_vla_rows
// EXPECT-DIAG: requested_here
// EXPECT-STDERR: FILE:21:17: note: 'row_norms_cuda' is requested here
// EXPECT-STDERR: FILE:11:43: error: cuda: parameter 'X' of 'row_norms' has rows of variable length, which CUDA C++ cannot declare; pass a flat pointer (double *X, indexed X[i * m + j]) or give the rows a constant length
/* CUDA C++ has no variable-length array types: FILE.ad.cu cannot declare
** a parameter const double X[n][p] (double (*X)[p]); nvcc rejected the
** generated file ("a parameter is not allowed"). Rows of constant length
** (double X[][4]) work, and vmap takes either. */

void row_norms(int n, int p, const double X[n][p], double *out)
{
    for (int i = 0; i < n; i++) {
        out[i] = 0.0;
        for (int j = 0; j < p; j++)
            out[i] += X[i][j] * X[i][j];
    }
}

#pragma ad vmap(row_norms) batch(X[n][p], out[n])
#pragma ad cuda(row_norms) batch(X[n][p], out[n])
