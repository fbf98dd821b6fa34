// EXPECT-EXIT: 1
// EXPECT-DIAG: inline_asm
// EXPECT-STDERR: FILE:10:
// EXPECT-STDERR: error:
// EXPECT-STDERR: inline assembly
/* Inline assembly in a differentiated function cannot be differentiated. */
double f(double x)
{
    double y = x * x;
    __asm__ volatile("" : : : "memory");
    return y * x;
}

#pragma ad jvp(f) wrt(x)
