/*
** jvp/f3: seed 001's f: R^2 -> R^3,
**     f(x) = [sin(x0/x1) + x1^2, x0^2 - x1^2, x0^3],
** in forward mode. Two jvp calls with the unit directions give the Jacobian
** at (1, 0.5), which must equal the closed form
**     [[cos(2)*2, -cos(2)*4 + 1], [2, -1], [3, 0]]
** (jacfwd in the seed prints -0.8322937, 2.6645875 / 2, -1 / 3, 0 in float32);
** random directions are checked against central differences.
*/
#include <math.h>

#include "ccad_oracle.h"

void f(const double *x, double *y)
{
    y[0] = sin(x[0] / x[1]) + x[1] * x[1];
    y[1] = x[0] * x[0] - x[1] * x[1];
    y[2] = x[0] * x[0] * x[0];
}

#pragma ad jvp(f) wrt(x[2]) out(y[3])

#include "f3.ad.h"

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    f(x, y);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y,
                       double *ydot)
{
    (void)ctx;
    f_jvp(x, v, y, ydot);
}

int main(void)
{
    const double x[2] = {1.0, 0.5};
    const double c2 = cos(2.0);
    /* closed form at (1, 0.5); x0/x1 = 2 */
    const double jac_want[3][2] = {{c2 * 2.0, -c2 * 4.0 + 1.0}, {2.0, -1.0}, {3.0, 0.0}};
    /* seed 001 (float32 output of jax.jacfwd) */
    const double jac_seed[3][2] = {{-0.8322937, 2.6645875}, {2.0, -1.0}, {3.0, 0.0}};
    double jac[3][2];
    char label[64];

    for (int j = 0; j < 2; j++) {
        double e[2] = {0.0, 0.0}, y[3], ydot[3], yref[3];
        double xcopy[2] = {x[0], x[1]};
        e[j] = 1.0;
        f_jvp(xcopy, e, y, ydot);
        f(x, yref);
        for (int i = 0; i < 3; i++) {
            jac[i][j] = ydot[i];
            snprintf(label, sizeof label, "primal y[%d] (jvp column %d)", i, j);
            CHECK_CLOSE(label, y[i], yref[i], ORACLE_RTOL_EXACT, 0.0);
        }
        CHECK_TRUE("x is not modified", xcopy[0] == x[0] && xcopy[1] == x[1]);
        CHECK_TRUE("direction is not modified", e[j] == 1.0 && e[1 - j] == 0.0);
    }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 2; j++) {
            snprintf(label, sizeof label, "J[%d][%d] closed form", i, j);
            /* |entries| <= 3: an absolute floor of 1e-14 covers the exact 0 */
            CHECK_CLOSE(label, jac[i][j], jac_want[i][j], ORACLE_RTOL_EXACT, 1e-14);
            snprintf(label, sizeof label, "J[%d][%d] seed 001 (float32 print)", i, j);
            /* the seed printed 8 significant float32 digits */
            CHECK_CLOSE(label, jac[i][j], jac_seed[i][j], 1e-6, 1e-7);
        }

    /* random directions and points vs central differences */
    OracleProblem prob = {.name = "f3", .n = 2, .m = 3, .f = f_flat, .jvp = f_jvp_flat};
    OracleRng rng = oracle_rng(3);
    oracle_check_jvp(&prob, NULL, x, &rng, 4, 2);
    for (int t = 0; t < 3; t++) {
        double xr[2];
        xr[0] = oracle_uniform(&rng, -2.0, 2.0);
        xr[1] = oracle_uniform(&rng, 0.5, 2.0); /* away from the pole x1 = 0 */
        oracle_check_jvp(&prob, NULL, xr, &rng, 3, 0);
    }
    return oracle_result();
}
