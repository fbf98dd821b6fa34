/*
** vjp/complex_funcs: every function of <complex.h> that cc-ad differentiates,
** in jvp and vjp, with complex arithmetic (+ - * /, mixing with real, I,
** CMPLX) around them. A complex number is two reals (real part, imaginary
** part) in the flat vectors of the oracle, so its checks are the contract's
** convention: the tangent against central differences along real and
** imaginary directions, the adjoint (dL/dRe + i dL/dIm) by the dot-product
** test <J v, w> = <v, J^T w> in the real inner product Re(conj(a) b), and
** J^T w against differences of <w, F(x)>. Arguments stay clear of the
** branch cuts (the negative real axis, |Re| > 1 on the real axis).
*/
#include <complex.h>
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define NZ 24 /* complex inputs */
#define NY 20 /* complex outputs */
#define NR 6  /* real outputs */

void allc(const double complex *z, double a, double complex *y, double *r)
{
    y[0] = cexp(z[0]);
    y[1] = clog(z[1]);
    y[2] = csqrt(z[2]);
    y[3] = cpow(z[3], z[4]);
    y[4] = csin(z[5]) + ccos(z[6]);
    y[5] = ctan(z[7]);
    y[6] = csinh(z[8]) * ccosh(z[9]);
    y[7] = ctanh(z[10]);
    y[8] = casin(z[11]);
    y[9] = cacos(z[12]);
    y[10] = catan(z[13]);
    y[11] = casinh(z[14]);
    y[12] = cacosh(z[15]);
    y[13] = catanh(z[16]);
    y[14] = conj(z[17]) * z[18] / (z[17] - 2.0 * I);
    y[15] = cproj(z[19]) + a * z[19] * z[19];
    y[16] = CMPLX(a * a, creal(z[20]) * cimag(z[21]));
    y[17] = 1.0 / z[22] - I * a;
    y[18] = (double complex)a * z[23] + a;
    y[19] = cpow(z[0], 3.0) + cpow(2.0, z[1]);
    r[0] = creal(z[0] * z[1]) + cimag(csin(z[2]) * z[3]); /* a linear call of a nonlinear one */
    r[1] = cimag(z[2] / z[3]);
    r[2] = cabs(z[4]) * a;
    r[3] = carg(z[5]);
    r[4] = (double)z[6] + __real__ z[7] * __imag__ z[8];
    r[5] = creal(~z[9] * z[10]);
}

#pragma ad jvp(allc) wrt(z[24], a) out(y[20], r[6])
#pragma ad vjp(allc) wrt(z[24], a) out(y[20], r[6])

#include "complex_funcs.ad.h"

enum { N = 2 * NZ + 1, M = 2 * NY + NR };

/* flat: x = (Re z0, Im z0, ..., a), out = (Re y0, Im y0, ..., r) */
static void unpack(const double *x, double complex *z, double *a)
{
    for (int i = 0; i < NZ; i++)
        z[i] = CMPLX(x[2 * i], x[2 * i + 1]);
    *a = x[2 * NZ];
}

static void pack(const double complex *y, const double *r, double *out)
{
    for (int i = 0; i < NY; i++) {
        out[2 * i] = creal(y[i]);
        out[2 * i + 1] = cimag(y[i]);
    }
    memcpy(out + 2 * NY, r, NR * sizeof *r);
}

static void f_flat(void *ctx, const double *x, double *out)
{
    (void)ctx;
    double complex z[NZ], y[NY];
    double a, r[NR];
    unpack(x, z, &a);
    allc(z, a, y, r);
    pack(y, r, out);
}

static void jvp_flat(void *ctx, const double *x, const double *v, double *out, double *outdot)
{
    (void)ctx;
    double complex z[NZ], zd[NZ], y[NY], yd[NY];
    double a, ad, r[NR], rd[NR];
    unpack(x, z, &a);
    unpack(v, zd, &ad);
    allc_jvp(z, zd, a, ad, y, yd, r, rd);
    pack(y, r, out);
    pack(yd, rd, outdot);
}

static void vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *out)
{
    (void)ctx;
    double complex z[NZ], zb[NZ], y[NY], yb[NY];
    double a, ab, r[NR], rb[NR];
    unpack(x, z, &a);
    unpack(xbar, zb, &ab);
    for (int i = 0; i < NY; i++)
        yb[i] = CMPLX(w[2 * i], w[2 * i + 1]);
    memcpy(rb, w + 2 * NY, sizeof rb);
    allc_vjp(z, zb, a, &ab, y, yb, r, rb);
    pack(y, r, out);
    pack(yb, rb, w);
    for (int i = 0; i < NZ; i++) {
        xbar[2 * i] = creal(zb[i]);
        xbar[2 * i + 1] = cimag(zb[i]);
    }
    xbar[2 * NZ] = ab;
}

int main(void)
{
    OracleRng rng = oracle_rng(41);
    double x[N];
    for (int i = 0; i < 2 * NZ; i++)
        x[i] = oracle_uniform(&rng, 0.2, 0.8) * (i % 4 == 3 ? -1 : 1);
    x[2 * NZ] = 0.7;
    OracleProblem p = {"allc", N, M, f_flat, jvp_flat, vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);

    /* closed forms at one point: d cexp = cexp dz, d clog = dz / z along I */
    double complex z[NZ], zd[NZ] = {0}, y[NY], yd[NY];
    double a, r[NR], rd[NR];
    unpack(x, z, &a);
    zd[0] = 1.0;
    zd[1] = I;
    allc_jvp(z, zd, a, 0.0, y, yd, r, rd);
    CHECK_CLOSE("cexp' re", creal(yd[0]), creal(cexp(z[0])), 1e-12, 0);
    CHECK_CLOSE("cexp' im", cimag(yd[0]), cimag(cexp(z[0])), 1e-12, 0);
    CHECK_CLOSE("clog' along I re", creal(yd[1]), creal(I / z[1]), 1e-12, 0);
    CHECK_CLOSE("clog' along I im", cimag(yd[1]), cimag(I / z[1]), 1e-12, 0);
    return oracle_result();
}
