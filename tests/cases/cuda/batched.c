/*
** cuda/batched: f_cuda's per-element code, run on the CPU through
** f_cuda_host, equals f (and f_jvp) called element by element; f_cuda
** itself must return 0 with a GPU, or a CUDA error code without one, and
** never crash. The oracle is the unbatched function: results match bitwise.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad_oracle.h"

static double sq(double v) { return v * v; }

double g(const double *x, double a, int n)
{
    double *t = malloc((size_t)n * sizeof(double));
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        t[i] = sin(a * x[i]);
        s += sq(t[i]) + a * x[i];
    }
    free(t);
    return s;
}

#pragma ad cuda(g) batch(x[n], a)
#pragma ad jvp(g) wrt(x[n], a)
#pragma ad cuda(g_jvp) batch(x[n], x_dot[n], a, a_dot, ret_dot[1])

#include "batched.ad.h"

enum { B = 16, N = 5 };

int main(void)
{
    OracleRng rng = oracle_rng(5);
    double x[B * N], xd[B * N], a[B], ad[B], r[B], r2[B], rd[B];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, xd, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, a, B, 0.5, 2.0);
    oracle_fill_uniform(&rng, ad, B, -1.0, 1.0);
    g_cuda_host(B, x, a, N, r);
    g_jvp_cuda_host(B, x, xd, a, ad, N, rd, r2);
    double want[B], wantd[B], w2[B];
    for (int b = 0; b < B; b++) {
        want[b] = g(x + b * N, a[b], N);
        w2[b] = g_jvp(x + b * N, xd + b * N, a[b], ad[b], N, &wantd[b]);
    }
    CHECK_VEC_CLOSE("g_cuda_host = g per element", r, want, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("g_jvp_cuda_host value", r2, w2, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("g_jvp_cuda_host tangent", rd, wantd, B, 0.0, 0.0);
    /* host pointers are not device pointers: with a GPU this is an error
    ** too; what matters is an error code instead of a crash */
    int err = g_cuda(0, x, a, N, r);
    CHECK_TRUE("an empty batch succeeds", err == 0);
    return oracle_result();
}
