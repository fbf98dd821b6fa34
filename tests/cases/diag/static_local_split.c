// EXPECT-EXIT: 1
// EXPECT-DIAG: static_local_split
// EXPECT-STDERR: FILE:14:16: error: static local 'hist' that 'g' stores into may keep state between calls, which its reverse-mode derivative
/* A static array that a helper stores into keeps state between its calls;
** reverse mode runs the helper as a forward and a backward sweep, which
** keep their arrays in memory made for each call: the state would be
** lost (the generated code silently reset it). A static scalar is kept
** (grad/static_state_callee), and so is a table nothing stores into. */
#include <math.h>

static double g(const double *x, int n)
{
    static int ncalls = 0;
    static int hist[4];
    double s = 0.0;
    ncalls++;
    hist[ncalls % 4] += 1;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * (double)hist[1];
    return s;
}

double f(const double *x, int n)
{
    return g(x, n) + g(x, n);
}

#pragma ad grad(f) wrt(x[n])
