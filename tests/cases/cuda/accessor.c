/*
** cuda/accessor: a batched function that reads its data through a
** one-statement accessor (row(A, i, m) = A + i * m, inlined at the call by
** cc-ad) and needs no scratch memory, so FILE.ad.cu has no
** ccad_dev_calloc (nvcc warned of the unused static function; run_cuda.sh
** makes nvcc's warnings errors). The per-element code runs on the CPU
** through f_cuda_host and must equal f, and f_jvp per element, exactly.
*/
#include <math.h>

#include "ccad_oracle.h"

static const double *row(const double *A, int i, int m) { return A + i * m; }

double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n / 2; i++) {
        const double *r = row(x, i, 2);
        s += sin(r[0]) * r[1];
    }
    return s;
}

#pragma ad cuda(f) batch(x[n])
#pragma ad jvp(f) wrt(x[n])
#pragma ad cuda(f_jvp) batch(x[n], x_dot[n], ret_dot[1])

#include "accessor.ad.h"

enum { B = 8, N = 6 };

int main(void)
{
    OracleRng rng = oracle_rng(9);
    double x[B * N], xd[B * N], r[B], r2[B], rd[B], want[B], w2[B], wantd[B];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, xd, B * N, -1.0, 1.0);
    f_cuda_host(B, x, N, r);
    f_jvp_cuda_host(B, x, xd, N, rd, r2);
    for (int b = 0; b < B; b++) {
        want[b] = f(x + b * N, N);
        w2[b] = f_jvp(x + b * N, xd + b * N, N, &wantd[b]);
    }
    CHECK_VEC_CLOSE("f_cuda_host = f per element", r, want, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("f_jvp_cuda_host value", r2, w2, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("f_jvp_cuda_host tangent", rd, wantd, B, 0.0, 0.0);
    return oracle_result();
}
