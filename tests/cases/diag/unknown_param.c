// EXPECT-EXIT: 1
// EXPECT-STDERR: FILE:10:
// EXPECT-STDERR: error: unknown parameter 'y'
/* wrt names a parameter that f does not have. */
double f(double x, double z)
{
    return x * z;
}

#pragma ad jvp(f) wrt(y)
