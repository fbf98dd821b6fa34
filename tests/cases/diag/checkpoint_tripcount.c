// EXPECT-EXIT: 1
// EXPECT-DIAG: checkpoint_tripcount
// EXPECT-STDERR: FILE:
// EXPECT-STDERR: error:
// EXPECT-STDERR: trip count
/* A checkpointed loop must have a trip count fixed on entry; this one runs
** until the data says stop. */
double f(const double *x, int n)
{
    double s = 0.0;
    int i;
#pragma ad checkpoint(snapshots=4)
    for (i = 0; s < 10.0; i++)
        s += x[i % n] * x[i % n] + 0.1;
    return s;
}

#pragma ad grad(f) wrt(x[n])
