/*
** cuda/cuda_names (probe15): C names that CUDA C++ declares: parameters
** threadIdx and blockIdx, locals gridDim, blockDim, a typedef dim3 and a
** struct float2 (CUDA's vector types), helpers min and max. The kernel read
** its index as blockIdx.x * blockDim.x + threadIdx.x, which the parameters
** shadowed, and the typedefs redefined CUDA's types: nvcc rejected
** FILE.ad.cu. The device code renames such names after its headers and the
** kernels read their index through ccad_cuda_index. Oracle: the host copy
** of the per-element code bitwise against f and f_grad element by element.
*/
#include <math.h>
#include "ccad_oracle.h"

static double min(double a, double b) { return a < b ? a : b; }
static double max(double a, double b) { return a > b ? a : b; }
typedef struct { double x, y, z; } dim3;
typedef struct float2 { float x, y; } float2;
static double warpSize(const dim3 *d) { return d->x * d->y + d->z; }

double f(const double *x, int n, double threadIdx, int blockIdx)
{
    dim3 gridDim = {x[0], x[1 % n], threadIdx};
    double blockDim = 0.0, __syncthreads = 1.0;
    int atomicAdd = blockIdx + 1;
    for (int i = 0; i < n; i++)
        blockDim += max(x[i], min(threadIdx, x[(i + 1) % n])) * atomicAdd;
    __syncthreads += warpSize(&gridDim);
    float2 h = {(float)x[0], 2.0f};
    double float2_ = blockDim * __syncthreads * h.y, cudaError = 0.5, int4 = 2, signbit_ = 1, make_double2 = 3;
    return float2_ + cudaError * int4 * signbit_ * make_double2;
}

#pragma ad grad(f) wrt(x[n], threadIdx)
#pragma ad cuda(f) batch(x[n], threadIdx)
#pragma ad cuda(grad(f)) wrt(x[n], threadIdx) batch(x[n], threadIdx, x_bar[n], threadIdx_bar[1])
#pragma ad cuda(jvp(f)) wrt(x[n]) batch(x[n], x_dot[n])

#include "cuda_names.ad.h"

enum { B = 5, N = 4 };

int main(void)
{
    OracleRng rng = oracle_rng(9);
    static double x[B * N], t[B], r[B], rg[B], xb[B * N], tb[B], wxb[B * N], wtb[B], xd[B * N];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, xd, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, t, B, -1.0, 1.0);
    f_cuda_host(B, x, N, t, 2, r);
    f_grad_cuda_host(B, x, xb, N, t, tb, 2, rg);
    for (int b = 0; b < B; b++) {
        double w = f(x + b * N, N, t[b], 2);
        CHECK_CLOSE("r", r[b], w, 0, 0);
        CHECK_CLOSE("rg", rg[b], f_grad(x + b * N, wxb + b * N, N, t[b], &wtb[b], 2), 0, 0);
    }
    CHECK_VEC_CLOSE("xb", xb, wxb, B * N, 0, 0);
    CHECK_VEC_CLOSE("tb", tb, wtb, B, 0, 0);
    return oracle_result();
}
