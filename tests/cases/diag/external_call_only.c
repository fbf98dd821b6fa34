// EXPECT-EXIT: 1
// EXPECT-DIAG: external_call
// EXPECT-STDERR: FILE:19:30: error: argument 1 of the call to 'logistic_cdf' carries derivatives
// EXPECT-NOT-STDERR: has no path to any output
// EXPECT-ERRORS: 2
/* A log-likelihood that calls a function of another file. cc-ad cannot
** see logistic_cdf's body, so the only input seems to reach no output:
** before, the error came after a warning that x's derivative is zero,
** which sent users looking for a bug in their own code. Only the error
** must show. */
double logistic_cdf(double z);

double loglik(const double *x, const int *y, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double p;
        if (y[i])
            p = logistic_cdf(x[i]);
        else
            p = 1.0 - logistic_cdf(x[i]);
        s += p > 0 ? __builtin_log(p) : -1e300;
    }
    return s;
}

#pragma ad grad(loglik) wrt(x[n])
