/*
** vjp/f3: seed 001's f: R^2 -> R^3 in reverse mode (jacrev). Three vjp
** calls with unit seeds give the rows of the Jacobian at (1, 0.5), which
** must equal the closed form [[2 cos 2, 1 - 4 cos 2], [2, -1], [3, 0]] (and
** the seed's printout). Generic reverse checks (ccad_oracle.h): dot-product
** test against f_jvp, J^T w against differences, adjoints accumulate into
** x_bar, the seed y_bar is zero on exit, repeatable, empty tape.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

void f(const double *x, double *y)
{
    y[0] = sin(x[0] / x[1]) + x[1] * x[1];
    y[1] = x[0] * x[0] - x[1] * x[1];
    y[2] = x[0] * x[0] * x[0];
}

#pragma ad jvp(f) wrt(x[2]) out(y[3])
#pragma ad vjp(f) wrt(x[2]) out(y[3])

#include "f3.ad.h"

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    f(x, y);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    f_jvp(x, v, y, ydot);
}

static void f_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    f_vjp(x, xbar, y, w);
}

int main(void)
{
    const double x[2] = {1.0, 0.5};
    const double c2 = cos(2.0);
    const double jac_want[3][2] = {{c2 * 2.0, -c2 * 4.0 + 1.0}, {2.0, -1.0}, {3.0, 0.0}};
    const double jac_seed[3][2] = {{-0.8322937, 2.6645875}, {2.0, -1.0}, {3.0, 0.0}};
    char label[64];
    for (int i = 0; i < 3; i++) {
        double y[3], ybar[3] = {0.0, 0.0, 0.0}, xbar[2] = {0.0, 0.0};
        ybar[i] = 1.0;
        f_vjp(x, xbar, y, ybar);
        for (int j = 0; j < 2; j++) {
            snprintf(label, sizeof label, "jacrev J[%d][%d] closed form", i, j);
            CHECK_CLOSE(label, xbar[j], jac_want[i][j], ORACLE_RTOL_EXACT, 1e-14);
            snprintf(label, sizeof label, "jacrev J[%d][%d] seed 001", i, j);
            CHECK_CLOSE(label, xbar[j], jac_seed[i][j], 1e-6, 1e-7);
        }
        snprintf(label, sizeof label, "y_bar zero on exit (row %d)", i);
        CHECK_TRUE(label, ybar[0] == 0.0 && ybar[1] == 0.0 && ybar[2] == 0.0);
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    OracleProblem p = {.name = "f3", .n = 2, .m = 3, .f = f_flat, .jvp = f_jvp_flat,
                       .vjp = f_vjp_flat, .tape_empty = ccad_tape_empty};
    OracleRng rng = oracle_rng(3);
    oracle_check_vjp(&p, NULL, x, &rng, 3, 2);
    double xr[2] = {-1.3, 1.7};
    oracle_check_vjp(&p, NULL, xr, &rng, 2, 2);
    return oracle_result();
}
