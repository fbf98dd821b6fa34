// EXPECT-EXIT: 1
// EXPECT-DIAG: c_error
// EXPECT-STDERR: FILE:9:
// EXPECT-STDERR: error:
/* The input is not valid C: the compiler front end's error is reported,
** as an input error (status 1). */
double f(double x)
{
    return x * ;
}

#pragma ad jvp(f) wrt(x)
