/*
** cuda/sizeof_c_types (probe15): sizeof of an expression whose type C and
** C++ give differently: a character literal (int in C, char in C++) and a
** comparison (int in C, bool in C++). FILE.ad.cu printed sizeof('a') and
** sizeof(x[i] > 0) as written, so the device code computed with 1 where C
** has 4: a silently different result. The device code now prints sizeof of
** the operand's C type. Oracle: f_cuda_host bitwise against f and f_grad
** element by element, and f against the values C gives (4 * 4 here).
*/
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * (double)(sizeof('a') * sizeof(x[i] > 0));
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad cuda(f) batch(x[n])
#pragma ad cuda(f_grad) batch(x[n], x_bar[n])

#include "sizeof_c_types.ad.h"

enum { B = 3, N = 4 };

int main(void)
{
    OracleRng rng = oracle_rng(31);
    static double x[B * N], r[B], rg[B], xb[B * N], wxb[B * N];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    f_cuda_host(B, x, N, r);
    f_grad_cuda_host(B, x, xb, N, rg);
    for (int b = 0; b < B; b++) {
        CHECK_CLOSE("f", r[b], f(x + b * N, N), 0, 0);
        CHECK_CLOSE("f_grad", rg[b], f_grad(x + b * N, wxb + b * N, N), 0, 0);
    }
    CHECK_VEC_CLOSE("x_bar", xb, wxb, B * N, 0, 0);
    CHECK_CLOSE("x_bar[0], C's sizeofs", wxb[0], (double)(sizeof(int) * sizeof(int)), 0, 0);
    return oracle_result();
}
