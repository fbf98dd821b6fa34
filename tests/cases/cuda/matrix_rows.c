/*
** cuda/matrix_rows: a batch of small matrices with rows of constant length,
** const double R[n][3] (double (*R)[3]): batch(R[n][3]) takes one size per
** dimension, and element b's block starts n rows (3 n doubles) further.
** Rows of variable length (double R[n][p]) cannot be declared in CUDA C++
** and are refused (diag/cuda_vla_rows). The per-element code runs on the
** CPU through f_cuda_host; the oracle is the unbatched function, bitwise,
** and for the batched tangents the dot product with the gradient, whose
** entries are r/|r| (closed form).
*/
#include <math.h>

#include "ccad_oracle.h"

/* sum of the lengths of n 3-vectors */
double lengths(int n, const double R[n][3])
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += sqrt(R[i][0] * R[i][0] + R[i][1] * R[i][1] + R[i][2] * R[i][2]);
    return s;
}

#pragma ad cuda(lengths) batch(R[n][3])
#pragma ad grad(lengths) wrt(R[n][3])
#pragma ad jvp(lengths) wrt(R[n][3])
#pragma ad cuda(lengths_jvp) batch(R[n][3], R_dot[n][3], ret_dot[1])

#include "matrix_rows.ad.h"

enum { B = 6, N = 4 };

int main(void)
{
    OracleRng rng = oracle_rng(9);
    double R[B * N * 3], V[B * N * 3], r[B], r2[B], t[B];
    oracle_fill_uniform(&rng, R, B * N * 3, -1.0, 1.0);
    oracle_fill_normal(&rng, V, B * N * 3);
    lengths_cuda_host(B, N, (const double(*)[3])R, r);
    lengths_jvp_cuda_host(B, N, (const double(*)[3])R, (const double(*)[3])V, t, r2);
    for (int b = 0; b < B; b++) {
        double g[N * 3];
        const double(*Rb)[3] = (const double(*)[3])(R + b * N * 3);
        CHECK_CLOSE("lengths_cuda_host = lengths per element", r[b], lengths(N, Rb), 0.0, 0.0);
        CHECK_CLOSE("lengths_jvp_cuda_host value", r2[b], lengths_grad(N, Rb, (double(*)[3])g), 0.0, 0.0);
        for (int i = 0; i < N; i++) {  /* d|r|/dr = r/|r| */
            double len = sqrt(Rb[i][0] * Rb[i][0] + Rb[i][1] * Rb[i][1] + Rb[i][2] * Rb[i][2]);
            CHECK_CLOSE("gradient = r/|r|", g[i * 3 + 1], Rb[i][1] / len, 1e-14, 1e-15);
        }
        CHECK_CLOSE("batched tangent = <gradient, v>", t[b], oracle_dot(g, V + b * N * 3, N * 3), 1e-12, 1e-15);
    }
    return oracle_result();
}
