// EXPECT-EXIT: 1
// EXPECT-DIAG: scratch_param
// EXPECT-STDERR: FILE:24:19: error: 'fcn' stores values that depend on the inputs through parameter 'fjac', which then needs derivative storage
/* A callback that fills fjac and reads it back (see jac/callback_readback,
** where that needs no clause) into a local that reaches fvec: the
** derivative of fvec goes through fjac's memory, which then needs
** derivative storage the request must size. */
int fcn(int m, const double *x, double *fvec, double *fjac, int ldfjac, int iflag)
{
    int i;
    double t;

    for (i = 0; i < m; ++i)
        fjac[i + i * ldfjac] = 2.0 * x[i];
    if (iflag == 1) {
        for (i = 0; i < m; ++i) {
            t = fjac[i + i * ldfjac];
            fvec[i] = t * x[i];
        }
    }
    return 0;
}

#pragma ad jacfwd(fcn) wrt(x[m]) out(fvec[m])
