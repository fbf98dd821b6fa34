/*
** jac/f3: seed 001's f: R^2 -> R^3,
**     f(x) = [sin(x0 / x1) + x1^2, x0^2 - x1^2, x0^3],
** as full Jacobians: f_jacfwd (one forward sweep per input) and f_jacrev
** (one reverse sweep per output), 3 x 2 row-major, jac[i*2 + j] = dy_i/dx_j.
** Oracles: at (1, 0.5) the closed form [[2 cos 2, 1 - 4 cos 2], [2, -1],
** [3, 0]] (ORACLE_RTOL_EXACT) and the seed's printout (float32 digits, so
** 1e-6); at several other points central differences (ORACLE_RTOL_FD,
** absolute floor oracle_fd_atol(|y|_inf)); jacfwd and jacrev agree to
** rounding (both are exact derivative rules evaluated in a different order).
** Both also compute the primal y, and garbage in y or jac on entry does not
** matter (jac is written, y is an output).
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

#pragma ad jacfwd(f) wrt(x[2]) out(y[3])
#pragma ad jacrev(f) wrt(x[2]) out(y[3])

#include "f3.ad.h"

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    f(x, y);
}

/* jac (3 x 2) against central differences, column by column. */
static void check_fd(const char *what, const double *x, const double *jac)
{
    double y0[3], col[3], e[2], fd[6];
    char label[96];
    f(x, y0);
    for (int j = 0; j < 2; j++) {
        e[0] = j == 0;
        e[1] = j == 1;
        oracle_fd_jvp(f_flat, NULL, 2, 3, x, e, col);
        for (int i = 0; i < 3; i++)
            fd[i * 2 + j] = col[i];
    }
    snprintf(label, sizeof label, "%s at (%g, %g) vs FD", what, x[0], x[1]);
    CHECK_VEC_CLOSE(label, jac, fd, 6, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(y0, 3)));
}

int main(void)
{
    const double x[2] = {1.0, 0.5};
    const double c2 = cos(2.0);
    const double want[6] = {2.0 * c2, 1.0 - 4.0 * c2, 2.0, -1.0, 3.0, 0.0};
    const double seed[6] = {-0.8322937, 2.6645875, 2.0, -1.0, 3.0, 0.0};
    double y0[3], y[3], jf[6], jr[6];
    f(x, y0);

    for (int k = 0; k < 6; k++)
        jf[k] = jr[k] = NAN;
    y[0] = y[1] = y[2] = 1e300;
    f_jacfwd(x, y, jf);
    CHECK_VEC_CLOSE("f_jacfwd primal y", y, y0, 3, 0.0, 0.0);
    CHECK_VEC_CLOSE("f_jacfwd at (1, 0.5) closed form", jf, want, 6, ORACLE_RTOL_EXACT, 1e-14);
    CHECK_VEC_CLOSE("f_jacfwd at (1, 0.5) seed 001", jf, seed, 6, 1e-6, 1e-7);
    CHECK_TRUE("tape empty after jacfwd", ccad_tape_empty());

    y[0] = y[1] = y[2] = -1e300;
    f_jacrev(x, y, jr);
    CHECK_VEC_CLOSE("f_jacrev primal y", y, y0, 3, 0.0, 0.0);
    CHECK_VEC_CLOSE("f_jacrev at (1, 0.5) closed form", jr, want, 6, ORACLE_RTOL_EXACT, 1e-14);
    CHECK_VEC_CLOSE("f_jacrev at (1, 0.5) seed 001", jr, seed, 6, 1e-6, 1e-7);
    CHECK_TRUE("tape empty after jacrev", ccad_tape_empty());
    CHECK_VEC_CLOSE("jacfwd = jacrev at (1, 0.5)", jf, jr, 6, ORACLE_RTOL_EXACT, 1e-14);
    check_fd("f_jacfwd", x, jf);

    /* more points, including negative coordinates and |x| > 1 */
    OracleRng rng = oracle_rng(1);
    for (int t = 0; t < 5; t++) {
        double xp[2];
        xp[0] = oracle_uniform(&rng, -3.0, 3.0);
        xp[1] = oracle_uniform(&rng, 0.5, 2.5) * (t % 2 ? -1.0 : 1.0);
        f_jacfwd(xp, y, jf);
        f_jacrev(xp, y, jr);
        CHECK_VEC_CLOSE("jacfwd = jacrev", jf, jr, 6, ORACLE_RTOL_EXACT,
                        1e-14 * oracle_norm_inf(jf, 6));
        check_fd("f_jacfwd", xp, jf);
        check_fd("f_jacrev", xp, jr);
    }
    CHECK_TRUE("tape empty at the end", ccad_tape_empty());
    return oracle_result();
}
