// EXPECT-EXIT: 1
// EXPECT-DIAG: global_write
// EXPECT-STDERR: FILE:16:10: error: write of a value that carries a derivative to the global variable 'H'
/* A helper's out parameter called with the address of a global's element
** (&H[1]) writes a value carrying a derivative to the global: refused with
** global_write and its advice, in forward mode too (it used to get the
** message for shared pointer targets). See diag/global_write_via_pointer. */
#include <math.h>

double H[4];

static void put(double *out, double v) { *out = v; }

double f2(double x)
{
    put(&H[1], sin(x));
    return H[1] * x;
}

#pragma ad jvp(f2)
