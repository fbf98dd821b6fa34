// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_fnptr_call
// EXPECT-STDERR: FILE:19:14: error: 'f_cuda' cannot run on a GPU: it calls through a function pointer
// EXPECT-STDERR: FILE:23:17: note: 'f_cuda' is requested here
// EXPECT-ERRORS: 1
/* A function run on the GPU calls through a function-pointer parameter
** (probe15): the pointer the host passes holds a host function's address,
** which device code cannot call. cuda refuses it with a GPU reason, not
** with the refusal of a derivative (cuda differentiates nothing: vmap of
** the same function is accepted, tests/cases/vmap/fnptr_primal.c). A
** function of the file taking the same type would make the call a
** dispatch, whose last arm calls through the pointer as well. */
#include <math.h>

double f(const double *x, int n, double (*w)(double))
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w(x[i]);
    return s;
}

#pragma ad cuda(f) batch(x[n])
