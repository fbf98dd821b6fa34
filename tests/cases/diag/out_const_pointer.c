// EXPECT-EXIT: 1
// EXPECT-DIAG: out_const
// EXPECT-STDERR: FILE:17:34: error: parameter 'y' points to const data
// EXPECT-STDERR: FILE:18:33: error: parameter 'M' points to const data
/* out(y) names outputs the function writes (contract section 2: "non-const
** pointer parameters"); a pointer to const is no output, and naming one is
** an error at the name (was accepted: the jvp took a const y_dot) */
void scale(const double *x, const double *y, double *z, int n)
{
    for (int i = 0; i < n; i++)
        z[i] = 2.0 * x[i] * y[i];
}
void rows(const double (*M)[2], double *z)
{
    z[0] = M[0][0] * M[1][1];
}
#pragma ad jvp(scale) wrt(x) out(y)
#pragma ad jvp(rows) wrt(z) out(M[2][2])
