/*
** grad/seed003: seed 003's gradients:
**   g(x, y) = y x^2 + x y^3 with grad(g) wrt(y) (argnums=1): a scalar by
**   value input, so g_grad gets `double *y_bar` (overwritten); the seed's
**   dg(2., 3.) = 58. With default inputs and name(g_grad_xy): both partials
**   (2xy + y^3 = 39 at (2, 3)). Also vjp (added to *x_bar, *y_bar) and jvp.
**   fv(x) = sum x^2 + x1 x2: the seed's vector gradient [2, 7, 8] at
**   x = [1, 2, 3].
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double g(double x, double y)
{
    return y * x * x + x * y * y * y;
}

double fv(const double *x)
{
    double s = 0.0;
    for (int i = 0; i < 3; i++)
        s += x[i] * x[i];
    return s + x[1] * x[2];
}

#pragma ad grad(g) wrt(y)
#pragma ad grad(g) name(g_grad_xy)
#pragma ad vjp(g)
#pragma ad jvp(g)
#pragma ad grad(fv) wrt(x[3])

#include "seed003.ad.h"

static void g_flat(void *ctx, const double *in, double *out)
{
    (void)ctx;
    out[0] = g(in[0], in[1]);
}

static void g_jvp_flat(void *ctx, const double *in, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = g_jvp(in[0], v[0], in[1], v[1], ydot);
}

static void g_vjp_flat(void *ctx, const double *in, double *inbar, double *w, double *y)
{
    (void)ctx;
    y[0] = g_vjp(in[0], &inbar[0], in[1], &inbar[1], w[0]);
    w[0] = 0.0;
}

static double g_grad_flat(void *ctx, const double *in, double *gr)
{
    (void)ctx;
    return g_grad_xy(in[0], &gr[0], in[1], &gr[1]);
}

int main(void)
{
    double y_bar = 123.0;
    double r = g_grad(2.0, 3.0, &y_bar);
    CHECK_CLOSE("g(2, 3)", r, 4.0 * 3.0 + 2.0 * 27.0, 0.0, 0.0);
    CHECK_CLOSE("dg/dy(2, 3) = 58 (seed 003), overwriting 123", y_bar, 58.0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_TRUE("tape empty", ccad_tape_empty());

    double x_bar = -7.0;
    y_bar = 1e300;
    g_grad_xy(2.0, &x_bar, 3.0, &y_bar);
    CHECK_CLOSE("g_grad_xy dg/dx = 2xy + y^3 = 39", x_bar, 39.0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_CLOSE("g_grad_xy dg/dy = 58", y_bar, 58.0, ORACLE_RTOL_EXACT, 0.0);

    /* vjp adds: start from (1, 1), seed 2 */
    x_bar = 1.0;
    y_bar = 1.0;
    r = g_vjp(2.0, &x_bar, 3.0, &y_bar, 2.0);
    CHECK_CLOSE("g_vjp primal", r, 66.0, 0.0, 0.0);
    CHECK_CLOSE("g_vjp x_bar += 2 * 39", x_bar, 79.0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_CLOSE("g_vjp y_bar += 2 * 58", y_bar, 117.0, ORACLE_RTOL_EXACT, 0.0);

    double rd = NAN;
    g_jvp(2.0, 1.0, 3.0, 0.0, &rd);
    CHECK_CLOSE("g_jvp along x", rd, 39.0, ORACLE_RTOL_EXACT, 0.0);

    OracleProblem p = {.name = "g", .n = 2, .m = 1, .f = g_flat, .jvp = g_jvp_flat,
                       .vjp = g_vjp_flat, .tape_empty = ccad_tape_empty};
    OracleRng rng = oracle_rng(3);
    const double pts[3][2] = {{2.0, 3.0}, {-0.5, 1.25}, {1.5, -2.0}};
    for (int t = 0; t < 3; t++) {
        oracle_check_grad(&p, NULL, pts[t], g_grad_flat, 2);
        oracle_check_vjp(&p, NULL, pts[t], &rng, 2, 2);
    }

    const double xv[3] = {1.0, 2.0, 3.0};
    double gv[3] = {5.0, 5.0, 5.0};
    r = fv_grad(xv, gv);
    CHECK_CLOSE("fv([1, 2, 3]) = 20 (seed 003)", r, 20.0, 0.0, 0.0);
    const double want[3] = {2.0, 7.0, 8.0};
    CHECK_VEC_CLOSE("grad fv([1, 2, 3]) = [2, 7, 8] (seed 003)", gv, want, 3, ORACLE_RTOL_EXACT, 0.0);
    return oracle_result();
}
