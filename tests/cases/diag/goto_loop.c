// EXPECT-EXIT: 1
// EXPECT-DIAG: goto
// EXPECT-STDERR: FILE:
// EXPECT-STDERR: error:
// EXPECT-STDERR: goto
/* A goto that jumps into the body of a loop. */
double f(double x, int n)
{
    double s = x;
    int i = 0;
    if (n > 3)
        goto inside;
    for (i = 0; i < n; i++) {
    inside:
        s = s * x;
    }
    return s;
}

#pragma ad jvp(f) wrt(x)
