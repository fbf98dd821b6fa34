// EXPECT-EXIT: 1
// EXPECT-DIAG: no_float_output
// EXPECT-STDERR: FILE:14:16: error: 'count_above' has no floating output: it returns int and writes no float data through its parameters
/* A function whose result is an integer and that writes no floating data
** has nothing to differentiate: the request is refused with advice. */
int count_above(const double *x, int n, double threshold)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        if (x[i] > threshold) c++;
    return c;
}

#pragma ad jvp(count_above) wrt(x[n], threshold)
