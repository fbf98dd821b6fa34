// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_host_call
// EXPECT-STDERR: FILE:10:17: error: 'g_cuda' cannot run on
// EXPECT-STDERR: FILE:17:17: note: 'g_cuda' is requested here
/* A function run on the GPU calls realloc, which device code does not
** have: an error naming the call, and vmap (on the CPU) as the way out. */
#include <stdlib.h>
double g(double x)
{
    double *t = realloc(NULL, sizeof *t);
    t[0] = x * x;
    double r = t[0];
    free(t);
    return r;
}

#pragma ad cuda(g) batch(x)
