/*
** grad/complex_dft: a 1-D discrete Fourier transform written with C99
** complex arithmetic (twiddles by cexp, a complex accumulator), and real
** losses of complex inputs:
**   power(x)  = sum_k |X_k|^2, X = DFT(x): by Parseval n * sum |x_j|^2, so
**               its gradient in the manual's convention (dL/dRe + i dL/dIm)
**               is 2 n x exactly (a closed form that pins the convention:
**               JAX's would be 2 n conj(x));
**   spectrum(x, phase) = sum_j |x_j e^{i phase_j} - c|^2 with real phases
**               (complex inputs mixed with real ones);
**   abs2(z)   = |z|^2 by value: gradient 2 z.
** The flat checks see each complex number as (Re, Im): grad against central
** differences along real and imaginary directions, vjp with seed 1, jvp vs
** vjp dot-product test.
*/
#include <complex.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

#define N 8

static const double pi = 3.14159265358979323846;

static void dft(const double complex *x, double complex *X, int n)
{
    for (int k = 0; k < n; k++) {
        double complex s = 0;
        for (int j = 0; j < n; j++)
            s += x[j] * cexp(-2.0 * pi * I * (double)(j * k) / n);
        X[k] = s;
    }
}

double power(const double complex *x, int n)
{
    double complex X[N];
    dft(x, X, n);
    double p = 0.0;
    for (int k = 0; k < n; k++)
        p += creal(X[k] * conj(X[k]));
    return p;
}

double spectrum(const double complex *x, const double *phase, int n)
{
    const double complex c = 0.25 - 0.5 * I;
    double e = 0.0;
    for (int j = 0; j < n; j++) {
        double complex z = x[j];
        z = z * cexp(I * phase[j]) - c;
        e += cabs(z) * cabs(z);
    }
    return e;
}

double abs2(double complex z) { return creal(z) * creal(z) + cimag(z) * cimag(z); }

#pragma ad grad(power) wrt(x[n])
#pragma ad vjp(power) wrt(x[n])
#pragma ad jvp(power) wrt(x[n])
#pragma ad grad(spectrum) wrt(x[n], phase[n])
#pragma ad vjp(spectrum) wrt(x[n], phase[n])
#pragma ad jvp(spectrum) wrt(x[n], phase[n])
#pragma ad grad(abs2)

#include "complex_dft.ad.h"

/* flat: x = (Re x_0, Im x_0, ...), then phase for spectrum */
static void to_c(const double *v, double complex *z, int n)
{
    for (int j = 0; j < n; j++)
        z[j] = CMPLX(v[2 * j], v[2 * j + 1]);
}

static void to_r(const double complex *z, double *v, int n)
{
    for (int j = 0; j < n; j++) {
        v[2 * j] = creal(z[j]);
        v[2 * j + 1] = cimag(z[j]);
    }
}

static void power_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    double complex z[N];
    to_c(x, z, N);
    y[0] = power(z, N);
}

static void power_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *yd)
{
    (void)ctx;
    double complex z[N], zd[N];
    to_c(x, z, N);
    to_c(v, zd, N);
    y[0] = power_jvp(z, zd, N, yd);
}

static void power_vjp_flat(void *ctx, const double *x, double *xb, double *w, double *y)
{
    (void)ctx;
    double complex z[N], zb[N];
    to_c(x, z, N);
    to_c(xb, zb, N);
    y[0] = power_vjp(z, zb, N, w[0]);
    w[0] = 0.0;
    to_r(zb, xb, N);
}

static double power_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    double complex z[N], zb[N];
    to_c(x, z, N);
    double y = power_grad(z, zb, N);
    to_r(zb, g, N);
    return y;
}

static void spectrum_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    double complex z[N];
    to_c(x, z, N);
    y[0] = spectrum(z, x + 2 * N, N);
}

static void spectrum_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *yd)
{
    (void)ctx;
    double complex z[N], zd[N];
    to_c(x, z, N);
    to_c(v, zd, N);
    y[0] = spectrum_jvp(z, zd, x + 2 * N, v + 2 * N, N, yd);
}

static void spectrum_vjp_flat(void *ctx, const double *x, double *xb, double *w, double *y)
{
    (void)ctx;
    double complex z[N], zb[N];
    to_c(x, z, N);
    to_c(xb, zb, N);
    y[0] = spectrum_vjp(z, zb, x + 2 * N, xb + 2 * N, N, w[0]);
    w[0] = 0.0;
    to_r(zb, xb, N);
}

static double spectrum_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    double complex z[N], zb[N];
    to_c(x, z, N);
    double y = spectrum_grad(z, zb, x + 2 * N, g + 2 * N, N);
    to_r(zb, g, N);
    return y;
}

int main(void)
{
    OracleRng rng = oracle_rng(7);
    double x[3 * N];
    oracle_fill_uniform(&rng, x, 3 * N, -1.0, 1.0);

    OracleProblem pp = {"power", 2 * N, 1, power_flat, power_jvp_flat, power_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&pp, NULL, x, &rng, 3, 2 * N);
    oracle_check_vjp(&pp, NULL, x, &rng, 3, 2 * N);
    oracle_check_grad(&pp, NULL, x, power_grad_flat, 2 * N);

    /* Parseval: grad = 2 n x */
    double complex z[N], zb[N];
    to_c(x, z, N);
    power_grad(z, zb, N);
    double want[2 * N], got[2 * N];
    for (int j = 0; j < N; j++)
        z[j] *= 2.0 * N;
    to_r(z, want, N);
    to_r(zb, got, N);
    CHECK_VEC_CLOSE("power grad = 2 n x", got, want, 2 * N, 1e-12, 1e-12);

    OracleProblem ps = {"spectrum", 3 * N, 1, spectrum_flat, spectrum_jvp_flat, spectrum_vjp_flat,
                        ccad_tape_empty, 0, 0};
    oracle_check_jvp(&ps, NULL, x, &rng, 3, 3 * N);
    oracle_check_vjp(&ps, NULL, x, &rng, 3, 3 * N);
    oracle_check_grad(&ps, NULL, x, spectrum_grad_flat, 3 * N);

    double complex a = 0.3 - 1.7 * I, ab = 99.0;
    CHECK_CLOSE("abs2 primal", abs2_grad(a, &ab), 0.09 + 1.7 * 1.7, 1e-15, 0);
    CHECK_CLOSE("abs2 grad re", creal(ab), 0.6, 1e-15, 0);
    CHECK_CLOSE("abs2 grad im", cimag(ab), -3.4, 1e-15, 0);
    return oracle_result();
}
