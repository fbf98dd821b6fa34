// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_vla_local
// EXPECT-DIAG: requested_here
// EXPECT-STDERR: FILE:13:12: error: 'smooth_cuda' cannot run on a GPU: local array 't' has a length known only at run time, which CUDA C++ cannot declare; give it a constant length, or malloc it
/* A local variable-length array (C99) in a function requested for the
** GPU: CUDA C++ has none, and nvcc rejected FILE.ad.cu ("expression must
** have a constant value", probe6's cuda_cxx_vla_case_init). vmap (C)
** keeps it. */
#include <math.h>

double smooth(const double *x, int n)
{
    double t[n];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        t[i] = sin(x[i]);
    for (int i = 0; i + 1 < n; i++)
        s += t[i] * t[i + 1];
    return s;
}

#pragma ad vmap(smooth) batch(x[n])
#pragma ad cuda(smooth) batch(x[n])
