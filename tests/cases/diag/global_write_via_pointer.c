// EXPECT-EXIT: 1
// EXPECT-DIAG: global_write
// EXPECT-STDERR: FILE:17:13: error: write of a value
// EXPECT-STDERR: global variable 'G'
/* A write of an active value to a global through a pointer (a local
** pointer set to &G) is refused as the direct store G = x * x is
** (global_write), at the &G. It was refused with the message for pointer
** targets shared with differentiated data (arrays of pointers, structs
** used untyped), which named neither the global write nor its remedy. A
** file-scope static reached so gets static_write. */
#include <math.h>

double G;

double f(double x)
{
    double *gp = &G;
    *gp = x * x;
    return G + sin(x);
}

#pragma ad grad(f)
