// EXPECT-EXIT: 1
// EXPECT-DIAG: scratch_param
// EXPECT-STDERR: FILE:16:17: error: 'smooth_sum' stores values that depend on the inputs through parameter 'work', which then needs derivative storage
/* A scratch array passed by the caller receives values that depend on the
** inputs, so its derivative needs storage the request must size. */
double smooth_sum(const double *x, double *work, int n)
{
    double s = 0.0;
    for (int i = 0; i + 1 < n; i++) {
        work[i] = 0.5 * (x[i] + x[i + 1]);
        s += work[i] * work[i];
    }
    return s;
}

#pragma ad grad(smooth_sum) wrt(x[n])
