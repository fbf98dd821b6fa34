/*
** jvp/complex_tgmath: <tgmath.h>, where exp, sqrt, fabs, pow, creal... pick
** the function by the argument's type: exp of a double complex is cexp, of
** a float expf, and fabs of a complex is cabs. cc-ad parses with clang,
** whose <tgmath.h> calls overloaded inline helpers; without mapping them
** back to the math functions the derivative was silently zero. Real and
** complex arguments, double and float. Oracle: central differences along
** real and imaginary directions (jvp), the dot-product test with vjp.
*/
#include <float.h>
#include <tgmath.h>

#include "ccad.h"
#include "ccad_oracle.h"

double mix(double complex z, double x, float s)
{
    double complex w = exp(z) * sqrt(z) + pow(z, 2.0) / (1.0 + x * x);
    float q = exp(s) * fabs(s - 3.0f);
    return creal(w) + fabs(w) * cimag(log(z)) + sin(x) * q + atan2(x, 2.0);
}

#pragma ad jvp(mix)
#pragma ad vjp(mix)

#include "complex_tgmath.ad.h"

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = mix(x[0] + I * x[1], x[2], (float)x[3]);
}

static void jvp_flat(void *ctx, const double *x, const double *v, double *y, double *yd)
{
    (void)ctx;
    y[0] = mix_jvp(x[0] + I * x[1], v[0] + I * v[1], x[2], v[2], (float)x[3], (float)v[3], yd);
}

static void vjp_flat(void *ctx, const double *x, double *xb, double *w, double *y)
{
    (void)ctx;
    double complex zb = xb[0] + I * xb[1];
    float sb = (float)xb[3];
    y[0] = mix_vjp(x[0] + I * x[1], &zb, x[2], &xb[2], (float)x[3], &sb, w[0]);
    w[0] = 0.0;
    xb[0] = creal(zb);
    xb[1] = cimag(zb);
    xb[3] = sb;
}

int main(void)
{
    OracleRng rng = oracle_rng(29);
    /* s is float: differences in float precision (the oracle's float mode) */
    double x[4] = {0.4, -0.6, 0.8, 0.5};
    OracleProblem p = {"mix", 4, 1, f_flat, jvp_flat, vjp_flat, ccad_tape_empty, FLT_EPSILON, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, 4);
    oracle_check_vjp(&p, NULL, x, &rng, 3, 4);
    /* along z only the double complex part moves: double differences */
    for (int k = 0; k < 2; k++) {
        double complex z = x[0] + I * x[1], dz = k ? I : 1.0, h = 1e-6;
        double d, fd = (mix(z + h * dz, x[2], (float)x[3]) - mix(z - h * dz, x[2], (float)x[3])) / (2e-6);
        mix_jvp(z, dz, x[2], 0.0, (float)x[3], 0.0f, &d);
        CHECK_CLOSE(k ? "mix along Im z vs double FD" : "mix along Re z vs double FD", d, fd, 1e-7, 1e-9);
    }
    return oracle_result();
}
