/* cuda(f) of a function reading a file-scope static const table (contract
** section 4: "file-scope const tables and static const data (copied into
** the generated file)", cuda included). FILE.ad.cu has a host copy and a
** __device__ copy and one name for both (ccad_tab_W, by __CUDA_ARCH__), so
** the per-element code reads the table on the GPU and in f_cuda_host (was
** refused: "the file-scope variable 'W' is not available on the GPU";
** probe8). Oracle: f_cuda_host equal to f bitwise on each element. */
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

#include "static_const_table.ad.h"

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
