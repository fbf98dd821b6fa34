/*
** cuda/complex_wave (probe15): complex values in a struct passed by value
** (Wave {_Complex double amp; double w}), a complex return value and a
** complex output array, spelled complex double and _Complex double, CMPLX,
** compound assignments with I, complex to real (double re = e) in the
** primal and in the adjoint ((double)(conj(out[i]) * acc_bar), which
** nvcc rejected). Oracle: f_cuda_host against h, h_jvp and loss_grad
** element by element (1e-12: the device complex functions are
** ccad_cuda_complex.h's, not glibc's).
*/
#include <math.h>
#include <complex.h>
#include "ccad_oracle.h"

typedef struct { _Complex double amp; double w; } Wave;

complex double h(Wave wv, const double *t, int n, double complex *out)
{
    complex double acc = 0;
    for (int i = 0; i < n; i++) {
        double complex e = cexp(I * wv.w * t[i]) * wv.amp;
        e += 1; e *= I; e /= 2.0 + I;
        double re = e;                      /* complex to real: the real part */
        out[i] = CMPLX(re, cimag(e)) + conj(e) * cpow(e, 0.5) - csqrt(e) / (1.0 + cabs(e));
        if (e != 0 && !(e == out[i])) acc += out[i] * (double complex)t[i];
        acc += (float complex)e * 0.5f + cproj(e) * carg(e);
        acc -= ccosh(e) + catan(e * 0.1) - clog(e + 3.0);
    }
    return acc;
}

double loss(Wave wv, const double *t, int n)
{
    double complex o[8];
    double complex r = h(wv, t, n, o);
    return creal(r) * cimag(r) + cabs(o[0]);
}

#pragma ad grad(loss) wrt(wv, t[n])
#pragma ad jvp(h) wrt(wv, t[n]) out(return, out[n])
#pragma ad cuda(h) batch(wv, t[n], out[n])
#pragma ad cuda(loss_grad) batch(wv, wv_bar[1], t[n], t_bar[n])
#pragma ad cuda(h_jvp) batch(wv, wv_dot, t[n], t_dot[n], out[n], out_dot[n], ret_dot[1])

#include "complex_wave.ad.h"

enum { B = 4, N = 6 };

static void cclose(const char *l, double complex a, double complex b)
{
    CHECK_CLOSE(l, creal(a), creal(b), 1e-12, 1e-13);
    CHECK_CLOSE(l, cimag(a), cimag(b), 1e-12, 1e-13);
}

int main(void)
{
    OracleRng rng = oracle_rng(21);
    static Wave wv[B], wb[B], wwb, wd[B];
    static double t[B * N], tb[B * N], wtb[B * N], td[B * N], rl[B];
    static double complex out[B * N], wout[N], r[B], od[B * N], wod[N], rd[B], rj[B];
    oracle_fill_uniform(&rng, t, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, td, B * N, -1.0, 1.0);
    for (int b = 0; b < B; b++) { wv[b].amp = 0.5 + b * 0.1 + I * (0.3 - 0.2 * b); wv[b].w = 1.0 + b; wd[b].amp = 0.1 - 0.2 * I; wd[b].w = 0.3; }
    h_cuda_host(B, wv, t, N, out, r);
    loss_grad_cuda_host(B, wv, wb, t, tb, N, rl);
    h_jvp_cuda_host(B, wv, wd, t, td, N, out, od, rd, rj);
    for (int b = 0; b < B; b++) {
        cclose("h", r[b], h(wv[b], t + b * N, N, wout));
        for (int i = 0; i < N; i++) cclose("out", out[b * N + i], wout[i]);
        memset(&wwb, 0, sizeof wwb);
        CHECK_CLOSE("loss", rl[b], loss_grad(wv[b], &wwb, t + b * N, wtb + b * N, N), 1e-12, 1e-13);
        cclose("wb.amp", wb[b].amp, wwb.amp); CHECK_CLOSE("wb.w", wb[b].w, wwb.w, 1e-12, 1e-13);
        double complex wrd; 
        cclose("hjvp", rj[b], h_jvp(wv[b], wd[b], t + b * N, td + b * N, N, wout, wod, &wrd));
        cclose("rd", rd[b], wrd);
        for (int i = 0; i < N; i++) cclose("od", od[b * N + i], wod[i]);
    }
    for (int i = 0; i < B * N; i++) CHECK_CLOSE("tb", tb[i], wtb[i], 1e-12, 1e-13);
    return oracle_result();
}
