// EXPECT-EXIT: 1
// EXPECT-DIAG: checkpoint_syntax
// EXPECT-DIAG: checkpoint_snapshots
// EXPECT-DIAG: checkpoint_trailing
// EXPECT-STDERR: FILE:13:23: error: expected checkpoint(snapshots=K)
// EXPECT-STDERR: FILE:16:33: error: the number of snapshots
// EXPECT-STDERR: FILE:19:36: error: unexpected text after the
/* Slips in '#pragma ad checkpoint' lines: the only clause is snapshots=K,
** K a positive integer, and nothing follows the directive. */
double f(const double *x, int n)
{
    double s = 0.0;
#pragma ad checkpoint(every=4)
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
#pragma ad checkpoint(snapshots=0)
    for (int i = 0; i < n; i++)
        s = s * x[i];
#pragma ad checkpoint(snapshots=4) now
    for (int i = 0; i < n; i++)
        s = s + x[i];
    return s;
}

#pragma ad grad(f) wrt(x[n])
