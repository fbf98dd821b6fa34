// EXPECT-EXIT: 1
// EXPECT-DIAG: global_write
// EXPECT-STDERR: FILE:12:
// EXPECT-STDERR: error:
// EXPECT-STDERR: global
/* Writing an active value to a global variable: its derivative would have
** nowhere to live. */
double g_last;

double f(double x)
{
    g_last = x * x;
    return g_last + x;
}

#pragma ad jvp(f) wrt(x)
