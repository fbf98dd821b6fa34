/*
** cuda/jacobian: a jacfwd driver is a function like any other, so it
** batches onto the GPU: cuda(f_jacfwd) runs the driver, its vector sweep
** and their buffers (calloc'd per element when the size is a parameter)
** in device code. Run on the CPU through f_jacfwd_cuda_host, element b
** must equal f_jacfwd called alone, bitwise; f_jacfwd itself is checked
** against the closed form J = [cos(x_j) * w_i(j)] (1e-12). (jacrev,
** hessian and hvp sweeps use the tape, which the device does not have:
** diag/cuda_hvp.)
*/
#include <math.h>

#include "ccad_oracle.h"

void f(const double *x, int n, double *y)
{
    for (int i = 0; i < 2; i++) {
        double s = 0.0;
        for (int j = 0; j < n; j++)
            s += (i + j + 1) * sin(x[j]);
        y[i] = s;
    }
}

#pragma ad jacfwd(f) wrt(x[n]) out(y[2])
#pragma ad cuda(f_jacfwd) batch(x[n], y[2], jac[2*n])

#include "jacobian.ad.h"

enum { B = 6, N = 5 };

int main(void)
{
    OracleRng rng = oracle_rng(9);
    double x[B * N], y[B * 2], jac[B * 2 * N];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    f_jacfwd_cuda_host(B, x, N, y, jac);
    for (int b = 0; b < B; b++) {
        double yb[2], jb[2 * N], want[2 * N];
        f_jacfwd(x + b * N, N, yb, jb);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < N; j++)
                want[i * N + j] = (i + j + 1) * cos(x[b * N + j]);
        char label[64];
        snprintf(label, sizeof label, "f_jacfwd element %d = closed form", b);
        CHECK_VEC_CLOSE(label, jb, want, 2 * N, 1e-12, 1e-14);
        snprintf(label, sizeof label, "f_jacfwd_cuda_host element %d", b);
        CHECK_VEC_CLOSE(label, jac + b * 2 * N, jb, 2 * N, 0.0, 0.0);
        CHECK_VEC_CLOSE(label, y + b * 2, yb, 2, 0.0, 0.0);
    }
    int err = f_jacfwd_cuda(0, x, N, y, jac);
    CHECK_TRUE("an empty batch succeeds", err == 0);
    return oracle_result();
}
