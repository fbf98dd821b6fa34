/* jac/adjoint_name_taken (probe6): a local named x_bar (a statistician's
** mean of x) makes x's adjoint parameter x_bar_2. The second-order
** drivers looked the gradient parameter up by the name "x_bar": hessian
** and hvp stopped with an internal error, jvp(grad(f)) asked for an
** unknown parameter, and a parameter named x_bar beside x was taken for
** the gradient. Adjoint parameters now say whose adjoint they are
** (Var.adjoint_of). Oracle: var(x) = mean((x - mean x)^2) has gradient
** 2 (x_i - m) / n and Hessian 2/n (I - 1/n); shifted() adds c * x_bar * sum x
** for a parameter x_bar that is not differentiated.
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double var(const double *x, int n)
{
    double x_bar = 0.0;
    for (int i = 0; i < n; i++)
        x_bar += x[i];
    x_bar /= n;
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (x[i] - x_bar) * (x[i] - x_bar);
    return s / n;
}

double shifted(const double *x, int n, double x_bar)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * x_bar + sin(x[i]);
    return s;
}

#pragma ad hessian(var) wrt(x[n])
#pragma ad hvp(var) wrt(x[n])
#pragma ad jvp(grad(var)) wrt(x[n])
#pragma ad hessian(shifted) wrt(x[n])

#include "adjoint_name_taken.ad.h"

enum { N = 5 };

int main(void)
{
    double x[N] = {0.3, -1.2, 0.8, 2.0, -0.4}, h[N * N], v[N] = {1, -2, 0.5, 0, 3}, hv[N], g[N], gd[N];
    double m = 0;
    for (int i = 0; i < N; i++) m += x[i] / N;
    var_hessian(x, N, h);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            CHECK_CLOSE("var hessian closed form", h[i * N + j], 2.0 / N * ((i == j) - 1.0 / N), 1e-12, 1e-14);
    var_hvp(x, v, hv, N);
    for (int i = 0; i < N; i++) {
        double want = 0;
        for (int j = 0; j < N; j++) want += 2.0 / N * ((i == j) - 1.0 / N) * v[j];
        CHECK_CLOSE("var hvp closed form", hv[i], want, 1e-12, 1e-14);
    }
    var_grad_jvp(x, v, g, gd, N);
    for (int i = 0; i < N; i++) {
        CHECK_CLOSE("jvp(grad(var)) gradient", g[i], 2.0 * (x[i] - m) / N, 1e-12, 1e-14);
        CHECK_CLOSE("jvp(grad(var)) tangent", gd[i], hv[i], 1e-12, 1e-14);
    }
    double c = 0.7;
    shifted_hessian(x, N, c, h);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            CHECK_CLOSE("shifted hessian closed form", h[i * N + j], i == j ? 2 * c - sin(x[i]) : 0.0, 1e-12, 1e-14);
    return oracle_result();
}
