/*
** grad/inout_out_seed: grad, hessian and hvp whose one output is an in-out
** pointer listed in both clauses, wrt(x[n], e[1]) out(e[1]):
**   void acc(const double *x, int n, double *e) { *e += x[i]*x[i] * *e; }
** e_final = e0 P, P = prod(1 + x_i^2). grad's e_bar is both the output's
** seed (1 on entry, after the zeroing of the gradients) and, on exit, the
** derivative with respect to e's value on entry (P).
** Oracles: closed forms of the gradient, the (n+1) x (n+1) hessian in the
** order (x, e), and hvp = H v.
** Before: acc_grad zeroed e_bar ("input gradients are overwritten") and
** never seeded it, so the backward sweep ran on a zero seed: grad, hessian
** and hvp all returned zeros, silently (adjoint.c's signature: the seed of
** an out item that is also a wrt item).
*/
#include "ccad.h"
#include "ccad_oracle.h"

void acc(const double *x, int n, double *e)
{
    for (int i = 0; i < n; i++) *e += x[i] * x[i] * *e;
}

#pragma ad grad(acc) wrt(x[n], e[1]) out(e[1])
#pragma ad hessian(acc) wrt(x[n], e[1]) out(e[1])
#pragma ad hvp(acc) wrt(x[n], e[1]) out(e[1])

#include "inout_out_seed.ad.h"

#define N 3

int main(void)
{
    double x[N] = {0.3, -0.4, 0.8}, g[N] = {5, 5, 5}, e0 = 1.5, e, eb = 9;
    double P = 1.0;
    for (int i = 0; i < N; i++) P *= 1.0 + x[i] * x[i];
    /* e_final = e0 P */
    e = e0;
    acc_grad(x, g, N, &e, &eb);
    CHECK_CLOSE("e", e, e0 * P, ORACLE_RTOL_EXACT, 0.0);
    for (int i = 0; i < N; i++)
        CHECK_CLOSE("de/dx", g[i], e0 * P / (1.0 + x[i] * x[i]) * 2.0 * x[i], ORACLE_RTOL_EXACT, 1e-15);
    CHECK_CLOSE("de/de0", eb, P, ORACLE_RTOL_EXACT, 0.0);

    enum { M = N + 1 };
    double Hw[M * M];
    for (int i = 0; i < N; i++) {
        double qi = 1.0 + x[i] * x[i];
        for (int j = 0; j < N; j++) {
            double qj = 1.0 + x[j] * x[j];
            Hw[i * M + j] = i == j ? e0 * P / qi * 2.0 : e0 * P / (qi * qj) * 4.0 * x[i] * x[j];
        }
        Hw[i * M + N] = Hw[N * M + i] = P / qi * 2.0 * x[i];
    }
    Hw[N * M + N] = 0.0;
    double H[M * M];
    e = e0;
    acc_hessian(x, N, &e, H);
    CHECK_VEC_CLOSE("hessian", H, Hw, M * M, ORACLE_RTOL_EXACT, 1e-15);

    double v[M] = {0.5, -1.0, 2.0, 0.25}, hv[M], hvw[M];
    for (int i = 0; i < M; i++) hvw[i] = oracle_dot(Hw + i * M, v, M);
    e = e0;
    acc_hvp(x, v, hv, N, &e, &v[N], &hv[N]);
    CHECK_VEC_CLOSE("hvp", hv, hvw, M, ORACLE_RTOL_EXACT, 1e-15);
    return oracle_result();
}
