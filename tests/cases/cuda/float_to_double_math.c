/*
** cuda/float_to_double_math (probe15): double math functions called on
** float values (exp(v), sqrt(v * v + 1.0f), pow(v, 2), atan2(v, 3.0f),
** fabs, fmax of a float v). C converts the arguments to double; FILE.ad.cu
** printed the calls as written, and C++'s <math.h> has float overloads:
** the device code computed them in float, a silently different result
** (7 digits). Arguments converted to a library function's parameter type
** are spelled now. Oracle: f_cuda_host bitwise against f and f_grad
** element by element.
*/
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

double f(const float *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        float v = x[i];
        s += exp(v) + sqrt(v * v + 1.0f) + sin(v) * pow(v, 2) + log(v + 2.0f) + atan2(v, 3.0f) + fabs(v) + fmax(v, 0.1f);
    }
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad cuda(f) batch(x[n])
#pragma ad cuda(f_grad) batch(x[n], x_bar[n])

#include "float_to_double_math.ad.h"

enum { B = 3, N = 4 };

int main(void)
{
    OracleRng rng = oracle_rng(37);
    static double xd[B * N], r[B], rg[B];
    static float x[B * N], xb[B * N], wxb[B * N];
    oracle_fill_uniform(&rng, xd, B * N, -1.0, 1.0);
    for (int i = 0; i < B * N; i++) x[i] = (float)xd[i];
    f_cuda_host(B, x, N, r);
    f_grad_cuda_host(B, x, xb, N, rg);
    for (int b = 0; b < B; b++) {
        CHECK_CLOSE("f", r[b], f(x + b * N, N), 0, 0);
        CHECK_CLOSE("f_grad", rg[b], f_grad(x + b * N, wxb + b * N, N), 0, 0);
    }
    for (int i = 0; i < B * N; i++) CHECK_CLOSE("x_bar", xb[i], wxb[i], 0, 0);
    return oracle_result();
}
