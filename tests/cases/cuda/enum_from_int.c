/*
** cuda/enum_from_int (probe5): an enum set from integer arithmetic,
** `enum mode m = which % 3;` and `m = (m + 1) % 3;`, ordinary C, which the
** device code (C++) rejected: C++ converts an int to an enum only by a
** cast. FILE.ad.cu spells those casts now (cuda.c). Oracle: the host copy
** of the per-element code bitwise against f_grad, and f_grad against the
** closed form below.
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

enum mode { LIN = 0, QUAD = 1, CUB = 2 };

static double poly(double t, enum mode m)
{
    return m == LIN ? t : m == QUAD ? t * t : t * t * t;
}

double f(const double *x, int n, int which)
{
    enum mode m = which % 3;
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        s += poly(x[i], m);
        m = (m + 1) % 3;
    }
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad cuda(f_grad) batch(x[n])

#include "enum_from_int.ad.h"

enum { B = 4, N = 5 };

int main(void)
{
    OracleRng rng = oracle_rng(5);
    static double x[B * N], g[B * N], gh[B * N], r[B], rh[B];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    for (int b = 0; b < B; b++) {
        r[b] = f_grad(x + b * N, g + b * N, N, 1);
        for (int i = 0; i < N; i++) {
            double t = x[b * N + i];
            int m = (1 + i) % 3;
            double want = m == 0 ? 1.0 : m == 1 ? 2.0 * t : 3.0 * t * t;
            CHECK_CLOSE("f_grad = closed form", g[b * N + i], want, 1e-15, 1e-15);
        }
    }
    f_grad_cuda_host(B, x, gh, N, 1, rh);
    CHECK_VEC_CLOSE("f_grad_cuda_host value", rh, r, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("f_grad_cuda_host x_bar", gh, g, B * N, 0.0, 0.0);
    return oracle_result();
}
