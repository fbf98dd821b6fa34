/*
** vjp/mathextra: jvp/mathextra's less common <math.h> functions (fma,
** copysign, ldexp, scalbn, fdim, remainder, frexp, modf, logb, nearbyint,
** rint, lround) in reverse mode: rows of the Jacobian by unit seeds against
** closed forms, then the generic reverse checks.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define NY 12

void extra(const double *x, double *y)
{
    int e;
    double ip;
    y[0] = fma(x[0], x[1], x[2]);
    y[1] = copysign(x[3], x[4]);
    y[2] = ldexp(x[5], 3);
    y[3] = scalbn(x[6], -2);
    y[4] = fdim(x[7], x[8]);
    y[5] = remainder(x[9], x[10]);
    y[6] = frexp(x[11], &e) * e;
    y[7] = modf(x[12], &ip) + 0.5 * ip;
    y[8] = logb(x[13]) + x[13];
    y[9] = nearbyint(x[14]) * x[14];
    y[10] = rint(x[15]) + x[15] * x[15];
    y[11] = (double)lround(x[16]) * x[16];
}

#pragma ad vjp(extra) wrt(x[17]) out(y[12])
#pragma ad jvp(extra) wrt(x[17]) out(y[12])

#include "mathextra.ad.h"

static void extra_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    extra(x, y);
}

static void extra_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    extra_jvp(x, v, y, ydot);
}

static void extra_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    extra_vjp(x, xbar, y, w);
}

int main(void)
{
    /* every point away from the kinks and jumps of its function:
    ** copysign: x3 != 0; fdim: x7 > x8; remainder: x9/x10 = 2.3 (nearest 2);
    ** frexp: 5.5 = 0.6875 * 2^3; modf: 2.75; logb(6.5) = 2; nearbyint(1.3)
    ** = 1; rint(-2.2) = -2; lround(3.4) = 3 */
    const double x[17] = {0.7, -1.3, 2.1, -0.8, -2.0, 1.25, 3.5, 2.0, 0.5,
                          4.6, 2.0, 5.5, 2.75, 6.5, 1.3, -2.2, 3.4};
    /* d y_i / d x_j, closed form */
    double J[NY][17] = {{0}};
    J[0][0] = x[1];
    J[0][1] = x[0];
    J[0][2] = 1.0;
    J[1][3] = (x[3] < 0) == (x[4] < 0) ? 1.0 : -1.0; /* sign(x3) sign(x4) */
    J[2][5] = 8.0;
    J[3][6] = 0.25;
    J[4][7] = 1.0;
    J[4][8] = -1.0;
    J[5][9] = 1.0;
    J[5][10] = -2.0;
    J[6][11] = 3.0 / 8.0; /* frexp mantissa slope 2^-e, times e = 3 */
    J[7][12] = 1.0;
    J[8][13] = 1.0;
    J[9][14] = 1.0;  /* nearbyint(x) = 1 */
    J[10][15] = 2.0 * x[15];
    J[11][16] = 3.0; /* lround(x) = 3, no derivative of its own */
    char label[64];
    for (int i = 0; i < NY; i++) {
        double w[NY] = {0}, y[NY], xb[17] = {0};
        w[i] = 1.0;
        extra_vjp(x, xb, y, w);
        snprintf(label, sizeof label, "extra row d y%d / dx closed form", i);
        CHECK_VEC_CLOSE(label, xb, J[i], 17, ORACLE_RTOL_EXACT, 1e-15);
    }
    OracleRng rng = oracle_rng(17);
    OracleProblem p = {.name = "extra", .n = 17, .m = NY, .f = extra_flat, .jvp = extra_jvp_flat,
                       .vjp = extra_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_vjp(&p, NULL, x, &rng, 3, 17);
    return oracle_result();
}
