/*
** jac/dead_local_array: jacfwd of a gradient (a Hessian by forward over
** reverse) where a local array's contribution is overwritten before it
** reaches the result (r0 += w1[0]; then r0 = fabs(x[0])): nothing reads
** w1's tangents. The vector sweep dropped their zeroing as redundant, and
** gcc then called w1_dot "set but not used" (-Werror). Found by the random
** tester (seed 81296). Oracle: central differences of the gradient.
*/
#include <math.h>

#include "ccad_oracle.h"

double fs(const double *x, int n, double a)
{
    double r0 = 0.0;
    double w1[n];
    for (int i = 0; i < n; i++)
        w1[i] = sin(x[i]) * a;
    r0 += 0.10 * w1[0];
    r0 = fabs(x[0]);
    for (int i = 0; i < n; i++)
        r0 += x[i] * x[i] * a * (1.0 + 0.5 * sin(x[i]));
    return r0;
}

#pragma ad grad(fs) wrt(x[n], a)
#pragma ad jacfwd(fs_grad) wrt(x[n], a) out(x_bar[n], a_bar[1])

#include "dead_local_array.ad.h"

enum { N = 5 };

/* the gradient, flattened: (x_bar, a_bar) */
static void grad_flat(const double *x, double a, double *g)
{
    double a_bar = 0.0;
    fs_grad(x, g, N, a, &a_bar);
    g[N] = a_bar;
}

int main(void)
{
    double x[N] = {0.7, -0.4, 1.1, 0.3, -0.9}, a = 1.3;
    double xb[N], ab[1], jac[(N + 1) * (N + 1)];
    fs_grad_jacfwd(x, xb, N, a, ab, jac);
    for (int j = 0; j <= N; j++) {  /* column j: d(gradient)/d(input j) */
        double h = 1e-6, xp[N], xm[N], gp[N + 1], gm[N + 1];
        for (int i = 0; i < N; i++) xp[i] = xm[i] = x[i];
        double ap = a, am = a;
        if (j < N) {
            xp[j] += h;
            xm[j] -= h;
        } else {
            ap += h;
            am -= h;
        }
        grad_flat(xp, ap, gp);
        grad_flat(xm, am, gm);
        /* central differences of a smooth gradient (fabs at 0.7 is smooth):
         * truncation O(h^2) ~ 1e-12, rounding ~ 1e-16 / h ~ 1e-10 */
        for (int i = 0; i <= N; i++)
            oracle_check_close("jacfwd(fs_grad) column", jac[i * (N + 1) + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-7);
    }
    return oracle_result();
}
