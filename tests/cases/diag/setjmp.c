// EXPECT-EXIT: 1
// EXPECT-DIAG: setjmp
// EXPECT-STDERR: FILE:12:
// EXPECT-STDERR: error:
// EXPECT-STDERR: setjmp
/* setjmp/longjmp in a differentiated function. */
#include <setjmp.h>

double f(double x, jmp_buf env)
{
    double y = x * x;
    if (setjmp(env))
        return 0.0;
    return y * x;
}

#pragma ad jvp(f) wrt(x)
