/* OPEN (probe6): FILE.ad.cu does not compile under nvcc (cuda, and
** cuda(f_grad)); the .ad.c is fine and right. Two more C constructs that
** C++ rejects (same family as probe5's cuda_c_not_cxx.c):
**   1. a local variable-length array, double vla[n]; (contract section 4:
**      VLAs must work; diag/cuda_vla_rows refuses VLA *parameters* with a
**      clean error, local VLAs slip through):
**        error: expression must have a constant value   double vla[n];
**      (also the adjoint double vla_bar[n] of cuda(f_grad))
**   2. a declaration with an initializer after a case label, jumped past by
**      a later case label (legal C, common in C code):
**        error #546-D: transfer of control bypasses initialization of:
**        variable "t"
**      the .ad.c keeps `double t = sin(x[0]);` inside the switch; the
**      .ad.cu needs the declaration split from its initialisation (the
**      reverse-mode body already hoists it: double t = 0.0; at the top).
**   3. ++ / -- on an enum variable (enum phase ph; ... ph++;), and the
**      generated restore ph-- of cuda(f_grad):
**        error: this operation on an enumerated type requires an
**        applicable user-defined operator function
**      (C++ needs ph = (enum phase)(ph + 1); this file has only items 1
**      and 2; add `enum e { A, B } ph = A; ph++;` to see 3).
** Restrict, compound literal arrays, _Static_assert, designated
** initializers out of order, _Bool, malloc without a cast, void * to a struct pointer without a
** cast, array designators ({[1] = 0.5}), anonymous struct members all work.
** Expected: both compile (a VLA on the device heap or a clean refusal).
** Run: bash tests/harness/run_cuda.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/cuda_cxx_vla_case_init.c /usr/local/cuda/bin/nvcc
*/
#include <math.h>
#include <stdlib.h>
#include "ccad.h"
#include "ccad_oracle.h"

double cu(const double *x, int n, int mode)
{
    double s = 0.0;
    double vla[n];
    for (int i = 0; i < n; i++)
        vla[i] = x[i] * x[i];
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
        s += vla[i] * x[(i + 1) % n];
    return s;
}

#pragma ad grad(cu) wrt(x[n])
#pragma ad cuda(cu) batch(x[n])
#pragma ad cuda(cu_grad) batch(x[n], x_bar[n])

#include "cuda_cxx_vla_case_init.ad.h"

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
