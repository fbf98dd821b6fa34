/* cuda/case_init (probe6): a declaration with an initializer after a case
** label that a later case label jumps past is C, not C++: nvcc rejected
** FILE.ad.cu ("transfer of control bypasses initialization"). In device
** code such a declaration is printed as T x; x = e. Per element on the CPU
** (f_cuda_host) against the unbatched functions, bitwise.
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double cu(const double *x, int n, int mode)
{
    double s = 0.0;
    switch (mode) {
    case 0:
        s = 1.0;
        double t = sin(x[0]);
        s += t * t;
        break;
    case 1:
        s = cos(x[1]);
        break;
    default:
        s = 0.0;
    }
    for (int i = 0; i < n; i++)
        s += x[i] * x[(i + 1) % n];
    return s;
}

#pragma ad grad(cu) wrt(x[n])
#pragma ad cuda(cu) batch(x[n])
#pragma ad cuda(cu_grad) batch(x[n], x_bar[n])

#include "case_init.ad.h"

#define N 4
#define B 3

int main(void)
{
    double X[B * N], G[B * N], R[B], R2[B];
    for (int i = 0; i < B * N; i++) X[i] = 0.1 * i - 0.5;
    for (int mode = 0; mode < 3; mode++) {
        cu_cuda_host(B, X, N, mode, R);
        cu_grad_cuda_host(B, X, G, N, mode, R2);
        for (int b = 0; b < B; b++) {
            double g[N];
            CHECK_CLOSE("cuda host", R[b], cu(X + b * N, N, mode), 0, 0);
            CHECK_CLOSE("cuda host grad ret", R2[b], cu_grad(X + b * N, g, N, mode), 0, 0);
            CHECK_VEC_CLOSE("cuda host grad", G + b * N, g, N, 0, 0);
        }
    }
    return oracle_result();
}
