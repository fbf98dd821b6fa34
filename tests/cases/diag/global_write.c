// EXPECT-EXIT: 1
// EXPECT-STDERR: FILE:11:
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
