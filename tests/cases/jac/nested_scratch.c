/*
** jac/nested_scratch: nested spellings of a function with scratch state
** (scratch(work[n]) goes to the inner grad, as the manual says): the outer
** derivative of f_grad keeps work as its scratch too. jvp(grad(f)) and
** jacfwd(grad(f)) with scratch(work[n]) were refused with "'f_grad' stores
** values ... through parameter 'work' ... scratch(work[n])", a clause the
** nested spelling had already given. Oracle: closed form (1e-12).
**   f(x) = sum_i s_i s_{i+1}, s_i = sin(x_i) (cyclic):
**   df/dx_i = c_i (s_{i-1} + s_{i+1}); H_ii = -s_i (s_{i-1} + s_{i+1}),
**   H_{i,i+1} = H_{i+1,i} = c_i c_{i+1}.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

double f(const double *x, double *work, int n)
{
    for (int i = 0; i < n; i++) work[i] = sin(x[i]);
    double s = 0;
    for (int i = 0; i < n; i++) s += work[i] * work[(i + 1) % n];
    return s;
}

#pragma ad jvp(grad(f)) wrt(x[n]) scratch(work[n])
#pragma ad jacfwd(grad(f)) wrt(x[n]) scratch(work[n]) name(f_H)
#pragma ad vmap(grad(f)) wrt(x[n]) scratch(work[n]) batch(x[n], work[n])

#include "nested_scratch.ad.h"

enum { N = 5 };
int main(void)
{
    const double x[N] = {0.3, -0.8, 1.2, 0.5, -1.4};
    double Hw[N * N] = {0}, gw[N];
    for (int i = 0; i < N; i++) {
        int p = (i + N - 1) % N, q = (i + 1) % N;
        gw[i] = cos(x[i]) * (sin(x[p]) + sin(x[q]));
        Hw[i * N + i] = -sin(x[i]) * (sin(x[p]) + sin(x[q]));
        Hw[i * N + q] += cos(x[i]) * cos(x[q]);
        Hw[q * N + i] += cos(x[i]) * cos(x[q]);
    }
    double work[N], xb[N], H[N * N];
    f_H(x, xb, work, N, H);
    CHECK_VEC_CLOSE("jacfwd(grad(f)) with scratch", H, Hw, N * N, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jacfwd(grad(f)) leaves the gradient", xb, gw, N, 1e-12, 1e-14);
    const double v[N] = {1, -0.5, 0.25, 2, -1};
    double xd[N], Hv[N] = {0};
    f_grad_jvp(x, v, xb, xd, work, N);
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) Hv[i] += Hw[i * N + j] * v[j];
    CHECK_VEC_CLOSE("jvp(grad(f)) with scratch = H v", xd, Hv, N, 1e-12, 1e-14);
    double X[2 * N], XB[2 * N], W[2 * N], R[2];
    for (int i = 0; i < 2 * N; i++) X[i] = 0.2 * i - 0.9;
    f_grad_vmap(2, X, XB, W, N, R);
    for (int b = 0; b < 2; b++) {
        double g1[N];
        CHECK_CLOSE("vmap(grad(f)) ret", R[b], f_grad(X + b * N, g1, work, N), 0, 0);
        CHECK_VEC_CLOSE("vmap(grad(f)) with scratch", XB + b * N, g1, N, 0, 0);
    }
    return oracle_result();
}
