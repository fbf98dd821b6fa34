// EXPECT-EXIT: 1
// EXPECT-DIAG: requested_here
// EXPECT-DIAG: cuda_global
// EXPECT-STDERR: FILE:12:38: error: 'wsum_cuda': the file-scope variable 'weights' is not available on the GPU
// EXPECT-STDERR: FILE:16:17: note: 'wsum_cuda' is requested here
/* A kernel reads a file-scope table: the GPU cannot see host globals */
double weights[8] = {1, 2, 3, 4, 5, 6, 7, 8};

double wsum(const double *x)
{
    double s = 0.0;
    for (int i = 0; i < 8; i++) s += weights[i] * x[i];
    return s;
}

#pragma ad cuda(wsum) batch(x[8])
