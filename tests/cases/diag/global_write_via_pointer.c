// EXPECT-EXIT: 1
// EXPECT-DIAG: global_write
// EXPECT-STDERR: FILE:17:13: error: write of a value that carries a derivative to the global variable 'G'
/* A write of a value carrying a derivative to a global through a pointer (a
** local pointer set to &G; diag/global_write_via_call: a helper's out
** parameter called with &H[1]) is refused as 'G = x * x' is (contract section 4), with the global_write
** message and its advice. It used to get the message for shared pointer
** targets, which names neither. The message needs a store that reaches the
** global: a const table that only shares a pointer target with the weights,
** which nothing writes, keeps that message (diag/struct_mixed_targets). */
#include <math.h>

double G;

double f(double x)
{
    double *gp = &G;
    *gp = x * x;
    return G + sin(x);
}

#pragma ad grad(f)
