/*
** cuda/complex: C99 complex numbers in FILE.ad.cu. CUDA C++ has no
** _Complex: the generated code computes with ccad_cuda_complex.h's
** ccad_cdouble/ccad_cfloat, whose arithmetic follows C's conversions
** (a real operand stays real, float complex meets double in double) and
** whose <complex.h> functions are their own. The per-element code runs on
** the CPU through f_cuda_host and must match the unbatched C functions,
** which glibc's complex functions compute (tolerance 1e-11: the two
** implementations of cexp, casin, ... differ in the last bits, and the
** derivative code calls them again).
*/
#include <complex.h>
#include <math.h>

#include "ccad_oracle.h"

/* a damped misfit of complex samples: every complex function once */
double misfit(const double complex *z, double complex s, int n)
{
    double complex r = 0;
    for (int i = 0; i < n; i++) {
        double complex w = z[i] * 0.5 + I * 0.25;
        r += cexp(-s * z[i]) + csqrt(w + 2) / (1.0 + w * conj(w));
        r += csin(w) * ccos(w) - ctan(0.3 * w) + csinh(0.2 * w) / ccosh(0.1 * w) + ctanh(w);
        r += casin(0.3 * w) + cacos(0.2 * w) + catan(w) + casinh(w) - cacosh(w + 3) + catanh(0.1 * w);
        r += cpow(w + 2, s) + clog(w + 3) / 2 + CMPLX(cabs(w), carg(w + 1));
        if (w != 0)
            r -= 1 / w * cproj(s);
        r *= 0.9;
        r /= 1 + 0.1 * I;
    }
    return creal(r * conj(r)) + cimag(r);
}

/* float complex, with double operands meeting it */
float spin(const float *x, float complex a, int n)
{
    float complex q = 1.0f;
    for (int i = 0; i < n; i++)
        q = q * cexpf(I * x[i]) + a * x[i] - 0.5 * q / (2 + i);
    return cabsf(q) + crealf(csqrtf(q * conjf(q) + 1)) + cimagf(clogf(q + 2.0f));
}

#pragma ad grad(misfit) wrt(z[n], s)
#pragma ad jvp(misfit) wrt(z[n], s)
#pragma ad vmap(misfit) batch(z[n], s)
#pragma ad cuda(misfit) batch(z[n], s)
#pragma ad cuda(misfit) batch(z[n]) name(misfit_shared_cuda)
#pragma ad cuda(misfit_grad) batch(z[n], s, z_bar[n], s_bar[1])
#pragma ad cuda(misfit_jvp) batch(z[n], z_dot[n], s, s_dot, ret_dot[1])
#pragma ad grad(spin) wrt(x[n], a)
#pragma ad cuda(spin_grad) batch(x[n], x_bar[n], a, a_bar[1])

#include "complex.ad.h"

enum { B = 6, N = 5 };

int main(void)
{
    OracleRng rng = oracle_rng(41);
    static double complex z[B * N], zd[B * N], s[B], sd[B];
    static float x[B * N];
    static float complex a[B];
    for (int i = 0; i < B * N; i++) {
        z[i] = CMPLX(oracle_uniform(&rng, -1, 1), oracle_uniform(&rng, -1, 1));
        zd[i] = CMPLX(oracle_uniform(&rng, -1, 1), oracle_uniform(&rng, -1, 1));
        x[i] = (float)oracle_uniform(&rng, -2, 2);
    }
    for (int b = 0; b < B; b++) {
        s[b] = CMPLX(oracle_uniform(&rng, 0.1, 0.8), oracle_uniform(&rng, -0.5, 0.5));
        sd[b] = CMPLX(oracle_uniform(&rng, -1, 1), oracle_uniform(&rng, -1, 1));
        a[b] = CMPLXF((float)oracle_uniform(&rng, -1, 1), (float)oracle_uniform(&rng, -1, 1));
    }

    /* the oracle: the unbatched C functions, element by element */
    static double r[B], gr[B], jr[B], jd[B];
    static double complex gz[B * N], gs[B];
    static float fr[B], gfr[B], gx[B * N];
    static float complex ga[B];
    for (int b = 0; b < B; b++) {
        r[b] = misfit(z + b * N, s[b], N);
        gr[b] = misfit_grad(z + b * N, gz + b * N, s[b], &gs[b], N);
        jr[b] = misfit_jvp(z + b * N, zd + b * N, s[b], sd[b], N, &jd[b]);
        fr[b] = spin(x + b * N, a[b], N);
        gfr[b] = spin_grad(x + b * N, gx + b * N, a[b], &ga[b], N);
    }
    /* a complex array as its real and imaginary parts */
    const double *gz_re = (const double *)gz, *gs_re = (const double *)gs;

    static double cr[B], cgr[B], cjr[B], cjd[B];
    static double complex cgz[B * N], cgs[B];
    misfit_cuda_host(B, z, s, N, cr);
    CHECK_VEC_CLOSE("misfit_cuda_host", cr, r, B, 1e-11, 1e-11);
    misfit_shared_cuda_host(B, z, s[1], N, cr);  /* s by value, one for all */
    for (int b = 0; b < B; b++)
        CHECK_CLOSE("misfit_shared_cuda_host", cr[b], misfit(z + b * N, s[1], N), 1e-11, 1e-11);
    misfit_grad_cuda_host(B, z, cgz, s, cgs, N, cgr);
    CHECK_VEC_CLOSE("misfit_grad_cuda_host value", cgr, gr, B, 1e-11, 1e-11);
    CHECK_VEC_CLOSE("misfit_grad_cuda_host z_bar", (const double *)cgz, gz_re, 2 * B * N, 1e-11, 1e-11);
    CHECK_VEC_CLOSE("misfit_grad_cuda_host s_bar", (const double *)cgs, gs_re, 2 * B, 1e-11, 1e-11);
    misfit_jvp_cuda_host(B, z, zd, s, sd, N, cjd, cjr);
    CHECK_VEC_CLOSE("misfit_jvp_cuda_host value", cjr, jr, B, 1e-11, 1e-11);
    CHECK_VEC_CLOSE("misfit_jvp_cuda_host ret_dot", cjd, jd, B, 1e-11, 1e-11);

    /* jvp against grad: d/dt misfit(z + t zd, s + t sd) = Re <grad, dir> */
    for (int b = 0; b < B; b++) {
        double dot = creal(gs[b]) * creal(sd[b]) + cimag(gs[b]) * cimag(sd[b]);
        for (int i = 0; i < N; i++)
            dot += creal(gz[b * N + i]) * creal(zd[b * N + i]) + cimag(gz[b * N + i]) * cimag(zd[b * N + i]);
        CHECK_CLOSE("grad . dir = jvp", dot, jd[b], 1e-10, 1e-10);
    }

    static float cfr[B], cgx[B * N];
    static float complex cga[B];
    spin_grad_cuda_host(B, x, cgx, a, cga, N, cfr);
    for (int b = 0; b < B; b++) {
        CHECK_CLOSE("spin_grad_cuda_host value", cfr[b], gfr[b], 1e-5, 1e-5);
        CHECK_CLOSE("spin_grad_cuda_host a_bar re", crealf(cga[b]), crealf(ga[b]), 1e-4, 1e-4);
        CHECK_CLOSE("spin_grad_cuda_host a_bar im", cimagf(cga[b]), cimagf(ga[b]), 1e-4, 1e-4);
        CHECK_CLOSE("spin value", fr[b], gfr[b], 0.0, 0.0);
    }
    for (int i = 0; i < B * N; i++)
        CHECK_CLOSE("spin_grad_cuda_host x_bar", cgx[i], gx[i], 1e-4, 1e-4);
    return oracle_result();
}
