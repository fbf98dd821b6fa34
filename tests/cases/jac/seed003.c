/*
** jac/seed003: seed 003's second derivatives, against closed forms
** (ORACLE_RTOL_EXACT; these are polynomials, so the generated code is exact
** up to rounding in a handful of operations).
**   fv(x) = sum x_i^2 + x1 x2  (x in R^3): H = [[2,0,0],[0,2,1],[0,1,2]]
**     everywhere (the seed's jax.jacobian(jax.grad(fv)) printout), by
**     hessian(fv), jacfwd(fv_grad) (the seed's construction), jacrev(fv_grad)
**     (reverse over reverse), and hvp(fv) = H v.
**   g(x, y) = y x^2 + x y^3 (two scalars by value):
**     H = [[2y, 2x + 3y^2], [2x + 3y^2, 6xy]], [[6, 31], [31, 36]] at (2, 3),
**     by hessian(g) (default wrt: both scalars), hvp(g) (a_v, a_hv pointers
**     for scalar inputs), and grad(g_grad) where g_grad = grad(g) wrt(y)
**     (the seed's argnums=1): the gradient of dg/dy = x^2 + 3 x y^2 is
**     (2x + 3y^2, 6xy) = (31, 36) at (2, 3).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double fv(const double *x)
{
    double s = 0.0;
    for (int i = 0; i < 3; i++)
        s += x[i] * x[i];
    return s + x[1] * x[2];
}

double g(double x, double y)
{
    return y * x * x + x * y * y * y;
}

#pragma ad grad(fv) wrt(x[3])
#pragma ad hessian(fv) wrt(x[3])
#pragma ad hvp(fv) wrt(x[3])
#pragma ad jacfwd(fv_grad) wrt(x[3]) out(x_bar[3])
#pragma ad jacrev(fv_grad) wrt(x[3]) out(x_bar[3])
#pragma ad hessian(g)
#pragma ad hvp(g)
#pragma ad grad(g) wrt(y)
#pragma ad grad(g_grad) wrt(x, y) out(y_bar[1])

#include "seed003.ad.h"

int main(void)
{
    const double want_fv[9] = {2, 0, 0, 0, 2, 1, 0, 1, 2};
    const double pts[3][3] = {{1.0, 2.0, 3.0}, {-0.5, 0.25, 4.0}, {0.0, -3.0, 1.5}};
    char label[96];
    for (int t = 0; t < 3; t++) {
        const double *x = pts[t];
        double H[9], J[9], Jr[9], gb[3], v[3] = {0.5, -1.0, 2.0}, hv[3], Hv[3];
        double f0 = fv(x);
        for (int k = 0; k < 9; k++)
            H[k] = J[k] = Jr[k] = NAN;
        snprintf(label, sizeof label, "fv_hessian at point %d returns fv", t);
        CHECK_CLOSE(label, fv_hessian(x, H), f0, 0.0, 0.0);
        snprintf(label, sizeof label, "fv_hessian at point %d closed form", t);
        CHECK_VEC_CLOSE(label, H, want_fv, 9, ORACLE_RTOL_EXACT, 1e-15);

        snprintf(label, sizeof label, "fv_grad_jacfwd at point %d returns fv", t);
        CHECK_CLOSE(label, fv_grad_jacfwd(x, gb, J), f0, 0.0, 0.0);
        snprintf(label, sizeof label, "jacfwd(fv_grad) at point %d (seed's jacobian(grad(fv)))", t);
        CHECK_VEC_CLOSE(label, J, want_fv, 9, ORACLE_RTOL_EXACT, 1e-15);
        const double gw[3] = {2 * x[0], 2 * x[1] + x[2], 2 * x[2] + x[1]};
        snprintf(label, sizeof label, "fv_grad_jacfwd at point %d leaves x_bar = grad fv", t);
        CHECK_VEC_CLOSE(label, gb, gw, 3, ORACLE_RTOL_EXACT, 1e-15);

        snprintf(label, sizeof label, "fv_grad_jacrev at point %d returns fv", t);
        CHECK_CLOSE(label, fv_grad_jacrev(x, gb, Jr), f0, 0.0, 0.0);
        snprintf(label, sizeof label, "jacrev(fv_grad) at point %d (reverse over reverse)", t);
        CHECK_VEC_CLOSE(label, Jr, want_fv, 9, ORACLE_RTOL_EXACT, 1e-15);
        snprintf(label, sizeof label, "fv_grad_jacrev at point %d leaves x_bar = grad fv", t);
        CHECK_VEC_CLOSE(label, gb, gw, 3, ORACLE_RTOL_EXACT, 1e-15);

        for (int i = 0; i < 3; i++) {
            hv[i] = 1e300;
            Hv[i] = 0.0;
            for (int j = 0; j < 3; j++)
                Hv[i] += want_fv[i * 3 + j] * v[j];
        }
        snprintf(label, sizeof label, "fv_hvp at point %d returns fv", t);
        CHECK_CLOSE(label, fv_hvp(x, v, hv), f0, 0.0, 0.0);
        snprintf(label, sizeof label, "fv_hvp at point %d = H v", t);
        CHECK_VEC_CLOSE(label, hv, Hv, 3, ORACLE_RTOL_EXACT, 1e-15);
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }

    const double gp[3][2] = {{2.0, 3.0}, {-0.5, 1.25}, {1.5, -2.0}};
    for (int t = 0; t < 3; t++) {
        double x = gp[t][0], y = gp[t][1], H[4], c = 2 * x + 3 * y * y;
        const double want[4] = {2 * y, c, c, 6 * x * y};
        double g0 = g(x, y);
        snprintf(label, sizeof label, "g_hessian at (%g, %g) returns g", x, y);
        CHECK_CLOSE(label, g_hessian(x, y, H), g0, 0.0, 0.0);
        snprintf(label, sizeof label, "g_hessian at (%g, %g) closed form", x, y);
        CHECK_VEC_CLOSE(label, H, want, 4, ORACLE_RTOL_EXACT, 1e-14);

        double xv = 0.75, yv = -1.5, xhv = 1e300, yhv = 1e300;
        snprintf(label, sizeof label, "g_hvp at (%g, %g) returns g", x, y);
        CHECK_CLOSE(label, g_hvp(x, xv, &xhv, y, yv, &yhv), g0, 0.0, 0.0);
        const double got_hv[2] = {xhv, yhv};
        const double want_hv[2] = {want[0] * xv + want[1] * yv, want[2] * xv + want[3] * yv};
        snprintf(label, sizeof label, "g_hvp at (%g, %g) = H v", x, y);
        CHECK_VEC_CLOSE(label, got_hv, want_hv, 2, ORACLE_RTOL_EXACT, 1e-14);

        double yb = NAN, xbb = 123.0, ybb = 456.0;
        snprintf(label, sizeof label, "g_grad_grad at (%g, %g) returns g", x, y);
        CHECK_CLOSE(label, g_grad_grad(x, &xbb, y, &ybb, &yb), g0, 0.0, 0.0);
        snprintf(label, sizeof label, "g_grad_grad at (%g, %g): y_bar = dg/dy", x, y);
        CHECK_CLOSE(label, yb, x * x + 3 * x * y * y, ORACLE_RTOL_EXACT, 1e-14);
        const double got_gg[2] = {xbb, ybb}, want_gg[2] = {c, 6 * x * y};
        snprintf(label, sizeof label, "grad(g_grad) at (%g, %g) = (2x + 3y^2, 6xy)", x, y);
        CHECK_VEC_CLOSE(label, got_gg, want_gg, 2, ORACLE_RTOL_EXACT, 1e-14);
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    {
        double H[4];
        g_hessian(2.0, 3.0, H);
        const double seed[4] = {6, 31, 31, 36};
        CHECK_VEC_CLOSE("g hessian at (2, 3) = [[6, 31], [31, 36]]", H, seed, 4, ORACLE_RTOL_EXACT, 0.0);
    }
    return oracle_result();
}
