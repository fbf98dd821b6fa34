// EXPECT-EXIT: 1
// EXPECT-DIAG: static_local
// EXPECT-STDERR: FILE:8:19: error: static local variable 'prev' carries derivatives; make it an ordinary local
#include <math.h>
/* A static local that carries derivatives keeps state between calls */
double smooth(double x)
{
    static double prev = 0.0;
    prev = 0.9 * prev + 0.1 * x;
    return prev * prev;
}


#pragma ad grad(smooth) wrt(x)
