// EXPECT-EXIT: 1
// EXPECT-DIAG: unknown_param
// EXPECT-STDERR: FILE:11:
// EXPECT-STDERR: error: unknown parameter 'y'
/* wrt names a parameter that f does not have. */
double f(double x, double z)
{
    return x * z;
}

#pragma ad jvp(f) wrt(y)
