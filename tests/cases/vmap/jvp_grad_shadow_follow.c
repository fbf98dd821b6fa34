// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/jvp_grad_shadow_follow: a shadow follows its primal at every depth
** of composition. The manual's spelling of vmap(jvp(grad(f))), grad(f)
** wrt(x[n]) on its own line and vmap(jvp(f_grad)) wrt(x[n]) out(x_bar[n])
** batch(x[n]), batches the shadows of x that each level adds: x_dot
** (jvp's), x_bar (grad's) and its tangent x_bar_dot. It was refused
** ("parameter 'x_bar' is shared by every batch element but may be
** written"): shadows followed only the parameters of f_grad, and x_bar
** counted as one of them, not as a shadow of f's x. A batched scalar's
** shadows follow as T *[1]: gs's a_bar and a_bar_dot with batch(a).
** Oracles: each batch element equals the unbatched generated function on
** that element (bitwise, the same code runs); x_bar against the closed-form
** gradient and x_bar_dot (H v) against the closed-form Hessian, diagonal
** here: d2f/dx_i2 = a (2 cos x_i - x_i sin x_i) (rounding only).
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

enum { N = 5, B = 3 };

double fs(const double *x, double a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += sin(x[i]) * a * x[i];
    return s;
}

double gs(const double *x, double a, int n) { return fs(x, a, n); }

#pragma ad grad(fs) wrt(x[n])
#pragma ad vmap(jvp(fs_grad)) wrt(x[n]) out(x_bar[n]) batch(x[n])
#pragma ad grad(gs) wrt(x[n], a)
#pragma ad vmap(jvp(gs_grad)) wrt(x[n], a) out(x_bar[n], a_bar) batch(x[n], a)

#include "jvp_grad_shadow_follow.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(29);
    double x[B * N], xd[B * N], a[B], ad[B];
    oracle_fill_uniform(&rng, x, B * N, -1.5, 1.5);
    oracle_fill_uniform(&rng, xd, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, a, B, 0.5, 1.5);
    oracle_fill_uniform(&rng, ad, B, -1.0, 1.0);
    const double a0 = 0.75;

    double xb[B * N] = {0}, xbd[B * N] = {0}, ret[B];
    fs_grad_jvp_vmap(B, x, xd, xb, xbd, a0, N, ret);
    double gxb[B * N] = {0}, gxbd[B * N] = {0}, gab[B] = {0}, gabd[B] = {0}, gret[B];
    gs_grad_jvp_vmap(B, x, xd, gxb, gxbd, a, ad, gab, gabd, N, gret);

    for (int b = 0; b < B; b++) {
        const double *xe = x + b * N, *de = xd + b * N;
        double ub[N] = {0}, ubd[N] = {0};
        double r1 = fs_grad_jvp(xe, de, ub, ubd, a0, N);
        CHECK_CLOSE("fs: ret is the unbatched one", ret[b], r1, 0.0, 0.0);
        oracle_check_identical("fs: x_bar is the unbatched one", xb + b * N, ub, N);
        oracle_check_identical("fs: x_bar_dot is the unbatched one", xbd + b * N, ubd, N);

        double vb[N] = {0}, vbd[N] = {0}, vab = 0, vabd = 0;
        double r2 = gs_grad_jvp(xe, de, vb, vbd, a[b], ad[b], &vab, &vabd, N);
        CHECK_CLOSE("gs: ret is the unbatched one", gret[b], r2, 0.0, 0.0);
        oracle_check_identical("gs: x_bar is the unbatched one", gxb + b * N, vb, N);
        oracle_check_identical("gs: x_bar_dot is the unbatched one", gxbd + b * N, vbd, N);
        CHECK_CLOSE("gs: a_bar is the unbatched one", gab[b], vab, 0.0, 0.0);
        CHECK_CLOSE("gs: a_bar_dot is the unbatched one", gabd[b], vabd, 0.0, 0.0);

        double s = 0, dsa = 0;
        for (int i = 0; i < N; i++) {
            double xi = xe[i], c = cos(xi), sn = sin(xi);
            double gi = sn + xi * c;                 /* d(sin x * x)/dx */
            double hi = 2.0 * c - xi * sn;           /* its derivative */
            s += sn * xi;
            CHECK_CLOSE("fs: x_bar is the gradient", xb[b * N + i], a0 * gi, 1e-12, 1e-12);
            CHECK_CLOSE("fs: x_bar_dot is H v", xbd[b * N + i], a0 * hi * de[i], 1e-12, 1e-12);
            CHECK_CLOSE("gs: x_bar is the gradient", gxb[b * N + i], a[b] * gi, 1e-12, 1e-12);
            CHECK_CLOSE("gs: x_bar_dot is H v", gxbd[b * N + i], a[b] * hi * de[i] + gi * ad[b], 1e-12, 1e-12);
            dsa += gi * de[i];
        }
        CHECK_CLOSE("gs: a_bar is the gradient", gab[b], s, 1e-12, 1e-12);
        CHECK_CLOSE("gs: a_bar_dot is H v", gabd[b], dsa, 1e-12, 1e-12);
        CHECK_CLOSE("fs: ret is f", ret[b], a0 * s, 1e-12, 1e-12);
    }
    return oracle_result();
}
