// EXPECT-EXIT: 1
// EXPECT-DIAG: static_write
// EXPECT-STDERR: FILE:11:
// EXPECT-STDERR: error:
/* A write to a file-scope static variable, which the generated translation
** unit cannot reach (contract section 4): an error, even for an int. */
static int ncalls;

double f(double x)
{
    ncalls++;
    return x * x;
}

#pragma ad jvp(f) wrt(x)
