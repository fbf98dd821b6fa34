/* OPEN (probe8): WRONGLY REFUSED: cuda(f) of a function that reads a
** file-scope `static const double W[4] = {...}` table is refused:
** "'f_cuda': the file-scope variable 'W' is not available on the GPU; pass
** it as a parameter". Contract section 4, the C that must work: "file-scope
** const tables and static const data (copied into the generated file)",
** with no exception for cuda; section 3 lists cuda among the requests. A
** const table with a constant initializer can be copied into FILE.ad.cu as
** `static __constant__` / `__device__ const` data exactly as FILE.ad.c
** copies it. (The manual's BUGS section names the limitation for
** file-scope variables in general; a const table is the case the contract
** promises.) Expected: exit 0, and f_cuda_host equal to f bitwise on each
** element; got exit 1.
**   bash tests/harness/run_cuda.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w cuda_static_const_table_refused.c /usr/local/cuda/bin/nvcc */
#include <math.h>
#include "ccad_oracle.h"

static const double W[4] = {0.5, -1.0, 2.0, 0.25};

double f(const double *x)
{
    double s = 0;
    for (int i = 0; i < 4; i++)
        s += W[i] * sin(x[i]);
    return s;
}

#pragma ad cuda(f) batch(x[4])

#include "cuda_static_const_table_refused.ad.h"

int main(void)
{
    enum { B = 3 };
    double x[B * 4], r[B];
    for (int i = 0; i < B * 4; i++)
        x[i] = 0.1 * i - 0.5;
    f_cuda_host(B, x, r);
    for (int k = 0; k < B; k++)
        CHECK_CLOSE("f_cuda_host", r[k], f(x + 4 * k), 0, 0);
    return oracle_result();
}
