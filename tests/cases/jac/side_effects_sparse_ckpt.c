/* jac/side_effects_sparse_ckpt: side effects run exactly as often as in the
   original (contract 1/4) in the drivers jac/side_effects_once leaves out:
   sparse jacfwd, jacrev and hessian (pattern sweep, colour sweeps, check
   sweep; first call and a call reusing the pattern), jvp(f_grad), and a
   checkpointed loop calling f (recomputation must not count again) under
   grad and hessian. Oracle: the counter equals the primal's count. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ccad_oracle.h"
int calls;
double f(const double *x, int n)
{
    calls++;
    double s = 0;
    for (int i = 0; i + 1 < n; i++) s += sin(x[i]) * x[i + 1];
    return s;
}
void F(const double *x, int n, double *y)
{
    calls++;
    for (int i = 0; i < n; i++) y[i] = x[i] * (i > 0 ? x[i - 1] : 1.0);
}
double g(const double *x, int n)
{
    double s = 0;
    int t = 0;
#pragma ad checkpoint(snapshots=2)
    while (t < 7) { s += f(x, n) * 0.1; t++; }
    return s;
}
#pragma ad jacfwd(F) wrt(x[n]) out(y[n]) sparse
#pragma ad jacrev(F) wrt(x[n]) out(y[n]) sparse
#pragma ad hessian(f) wrt(x[n]) sparse
#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f_grad) wrt(x[n]) out(x_bar[n])
#pragma ad grad(g) wrt(x[n])
#pragma ad hessian(g) wrt(x[n])
#include "side_effects_sparse_ckpt.ad.h"
enum { N = 20 };
int main(void) {
    double x[N], y[N], g1[N], gd[N], v[N], H[N * N];
    for (int i = 0; i < N; i++) { x[i] = sin(i + 0.5); v[i] = 1; }
    ccad_csr J = {0};
    calls = 0; F_jacfwd(x, N, y, &J); CHECK_EQ_INT("sparse jacfwd first", calls, 1);
    calls = 0; F_jacfwd(x, N, y, &J); CHECK_EQ_INT("sparse jacfwd reuse", calls, 1);
    ccad_csr_free(&J);
    calls = 0; F_jacrev(x, N, y, &J); CHECK_EQ_INT("sparse jacrev first", calls, 1);
    calls = 0; F_jacrev(x, N, y, &J); CHECK_EQ_INT("sparse jacrev reuse", calls, 1);
    ccad_csr_free(&J);
    calls = 0; f_hessian(x, N, &J); CHECK_EQ_INT("sparse hessian first", calls, 1);
    calls = 0; f_hessian(x, N, &J); CHECK_EQ_INT("sparse hessian reuse", calls, 1);
    ccad_csr_free(&J);
    calls = 0; f_grad_jvp(x, v, g1, gd, N); CHECK_EQ_INT("jvp(grad)", calls, 1);
    calls = 0; g_grad(x, g1, N); CHECK_EQ_INT("grad with checkpoint", calls, 7);
    calls = 0; g_hessian(x, N, H); CHECK_EQ_INT("hessian with checkpoint", calls, 7);
    calls = 0; g(x, N); CHECK_EQ_INT("primal", calls, 7);
    return oracle_result();
}
