/*
** cuda/reverse_drivers: cuda() of jacrev and hessian, whose drivers call
** reverse sweeps (the tape) once per row: the per-element code, run on the
** CPU through f_cuda_host, equals the unbatched f_jacrev and h_hessian
** element by element, bitwise; the Jacobian is also checked against the
** derivative written by hand.
*/
#include <math.h>

#include "ccad_oracle.h"

void f(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = sin(x[i]) * x[(i + 1) % n];
}

double h(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * exp(x[(i + 2) % n]);
    return s;
}

#pragma ad jacrev(f) wrt(x[n]) out(y[n])
#pragma ad cuda(f_jacrev) batch(x[n], y[n], jac[n * n])
#pragma ad hessian(h) wrt(x[n])
#pragma ad cuda(h_hessian) batch(x[n], hess[n * n])

#include "reverse_drivers.ad.h"

enum { B = 12, N = 5 };

int main(void)
{
    OracleRng rng = oracle_rng(8);
    static double x[B * N], y[B * N], jac[B * N * N], hess[B * N * N], hr[B];
    static double wy[B * N], wjac[B * N * N], whess[B * N * N], whr[B], hand[B * N * N];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    f_jacrev_cuda_host(B, x, y, N, jac);
    h_hessian_cuda_host(B, x, N, hess, hr);
    for (int b = 0; b < B; b++) {
        const double *xb = x + b * N;
        f_jacrev(xb, wy + b * N, N, wjac + b * N * N);
        whr[b] = h_hessian(xb, N, whess + b * N * N);
        for (int i = 0; i < N; i++) {
            hand[b * N * N + i * N + i] += cos(xb[i]) * xb[(i + 1) % N];
            hand[b * N * N + i * N + (i + 1) % N] += sin(xb[i]);
        }
    }
    CHECK_VEC_CLOSE("f_jacrev_cuda_host y", y, wy, B * N, 0.0, 0.0);
    CHECK_VEC_CLOSE("f_jacrev_cuda_host jac", jac, wjac, B * N * N, 0.0, 0.0);
    CHECK_VEC_CLOSE("f_jacrev against the hand-written Jacobian", wjac, hand, B * N * N, 1e-14, 1e-15);
    CHECK_VEC_CLOSE("h_hessian_cuda_host value", hr, whr, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("h_hessian_cuda_host hess", hess, whess, B * N * N, 0.0, 0.0);
    return oracle_result();
}
