// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** cuda/omp_loop: cuda() of the vjp of a function with an OpenMP parallel
** loop whose backward sweep accumulates into x_bar at indices it cannot
** tell apart (x[idx[i]]): on the host each thread adds into its own copy
** (ccad_omp_part_d); on the device an element runs the loop in one GPU
** thread, whose copy is x_bar itself (ccad_gpu_omp_part_d). The
** per-element code, run on the CPU through f_vjp_cuda_host, equals the
** unbatched f_vjp element by element (to 1e-14: f_vjp's threads add their
** copies in another order than one thread adds its terms), y bitwise.
*/
#include <math.h>

#include "ccad_oracle.h"

void f(const double *x, const int *idx, double *y, int n)
{
#pragma omp parallel for
    for (int i = 0; i < n; i++)
        y[i] = sin(x[idx[i]]) * x[i];
}

#pragma ad vjp(f) wrt(x[n]) out(y[n])
#pragma ad cuda(f_vjp) batch(x[n], x_bar[n], y[n], y_bar[n])

#include "omp_loop.ad.h"

enum { N = 6, BATCH = 3 };

int main(void)
{
    const int idx[N] = {2, 0, 2, 5, 1, 2};
    double x[BATCH * N], xb[BATCH * N], y[BATCH * N], yb[BATCH * N];
    double x1[N], xb1[N], y1[N], yb1[N];
    for (int k = 0; k < BATCH * N; k++) {
        x[k] = 0.1 * (k + 1) - 0.7;
        xb[k] = 0.01 * k;
        yb[k] = cos(0.3 * k);
    }
    f_vjp_cuda_host(BATCH, x, xb, idx, y, yb, N);
    for (int e = 0; e < BATCH; e++) {
        for (int k = 0; k < N; k++) {
            x1[k] = 0.1 * (e * N + k + 1) - 0.7;
            xb1[k] = 0.01 * (e * N + k);
            yb1[k] = cos(0.3 * (e * N + k));
        }
        f_vjp(x1, xb1, idx, y1, yb1, N);
        CHECK_VEC_CLOSE("element's x_bar = f_vjp's", xb + e * N, xb1, N, 1e-14, 1e-15);
        CHECK_VEC_CLOSE("element's y = f's", y + e * N, y1, N, 0, 0);
    }
    return oracle_result();
}
