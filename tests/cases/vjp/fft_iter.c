/*
** vjp/fft_iter: the textbook iterative radix-2 FFT, in place over a struct
** of two floats (bit-reversal swaps, then log2(n) stages of butterflies
** with a twiddle copied into a local struct: cplx wk = w[k * step]), vjp
** in place at 8 and 32 points. The twiddle copy is computed again in the
** backward iteration (a struct loaded from memory nothing writes, at an
** index from step, which each stage sets before its butterflies and which
** is saved once per stage), not taped per butterfly.
** Oracles, float tolerances as in vjp/kissfft: central differences of
** float code (1e-3), the dot-product test with jvp (1e-5), the conjugate
** DFT of the seed in double (1e-5 * sqrt(n) absolute); and the tape's peak,
** which held 8 bytes per butterfly.
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty, ccad_tape_peak_bytes */
#include "ccad_oracle.h"

#define PI 3.14159265358979323846

typedef struct cplx {
    float re, im;
} cplx;

/* in place, n a power of two, w[k] = exp(-2 pi i k / n) */
void fft_iter(cplx *a, int n, const cplx *w)
{
    for (int i = 1, j = 0; i < n; i++) {
        int bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j) {
            cplx t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
    for (int len = 2; len <= n; len <<= 1) {
        int step = n / len, half = len / 2;
        for (int i = 0; i < n; i += len) {
            for (int k = 0; k < half; k++) {
                cplx wk = w[k * step];
                cplx u = a[i + k], x = a[i + k + half];
                cplx v = {x.re * wk.re - x.im * wk.im, x.re * wk.im + x.im * wk.re};
                a[i + k].re = u.re + v.re;
                a[i + k].im = u.im + v.im;
                a[i + k + half].re = u.re - v.re;
                a[i + k + half].im = u.im - v.im;
            }
        }
    }
}

#pragma ad jvp(fft_iter) wrt(a[n]) out(a[n])
#pragma ad vjp(fft_iter) wrt(a[n]) out(a[n])

#include "fft_iter.ad.h"

#define NMAX 32

typedef struct Ctx {
    int n;
    cplx w[NMAX];
} Ctx;

static void to_cpx(const double *x, cplx *c, int n)
{
    for (int k = 0; k < n; k++) {
        c[k].re = (float)x[2 * k];
        c[k].im = (float)x[2 * k + 1];
    }
}

static void from_cpx(const cplx *c, double *x, int n)
{
    for (int k = 0; k < n; k++) {
        x[2 * k] = c[k].re;
        x[2 * k + 1] = c[k].im;
    }
}

static void fft_flat(void *ctx, const double *x, double *y)
{
    Ctx *c = ctx;
    cplx a[NMAX];
    to_cpx(x, a, c->n);
    fft_iter(a, c->n, c->w);
    from_cpx(a, y, c->n);
}

static void fft_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    Ctx *c = ctx;
    cplx a[NMAX], ad[NMAX];
    to_cpx(x, a, c->n);
    to_cpx(v, ad, c->n);
    fft_iter_jvp(a, ad, c->n, c->w);
    from_cpx(a, y, c->n);
    from_cpx(ad, ydot, c->n);
}

/* in place: the seed goes in through a_bar, the input adjoint comes out */
static void fft_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    Ctx *c = ctx;
    cplx a[NMAX], ab[NMAX];
    double in_adj[2 * NMAX];
    to_cpx(x, a, c->n);
    to_cpx(w, ab, c->n);
    fft_iter_vjp(a, ab, c->n, c->w);
    from_cpx(a, y, c->n);
    from_cpx(ab, in_adj, c->n);
    for (int k = 0; k < 2 * c->n; k++) {
        xbar[k] += in_adj[k];
        w[k] = 0.0;
    }
}

int main(void)
{
    static const int sizes[2] = {8, 32};
    OracleRng rng = oracle_rng(1965);
    char label[96];
    for (int s = 0; s < 2; s++) {
        Ctx c = {.n = sizes[s]};
        int n = c.n;
        for (int k = 0; k < n; k++) {
            c.w[k].re = (float)cos(-2 * PI * k / n);
            c.w[k].im = (float)sin(-2 * PI * k / n);
        }
        double x[2 * NMAX];
        oracle_fill_uniform(&rng, x, 2 * n, -1.0, 1.0);
        for (int k = 0; k < 2 * n; k++)
            x[k] = (float)x[k];
        snprintf(label, sizeof label, "fft_iter n=%d", n);
        OracleProblem p = {.name = label, .n = 2 * n, .m = 2 * n, .f = fft_flat, .jvp = fft_jvp_flat,
                           .vjp = fft_vjp_flat, .tape_empty = ccad_tape_empty, .fd_eps = FLT_EPSILON};
        oracle_check_jvp(&p, &c, x, &rng, 2, 0);
        oracle_check_vjp(&p, &c, x, &rng, 2, 2 * n);

        /* closed form: x_bar_k = sum_j conj(W^(jk)) y_bar_j */
        cplx a[NMAX], ab[NMAX];
        double w[2 * NMAX], got[2 * NMAX], want[2 * NMAX];
        oracle_fill_normal(&rng, w, 2 * n);
        for (int k = 0; k < 2 * n; k++)
            w[k] = (float)w[k];
        to_cpx(x, a, n);
        to_cpx(w, ab, n);
        ccad_tape_reset_peak();
        fft_iter_vjp(a, ab, n, c.w);
        size_t peak = ccad_tape_peak_bytes();
        from_cpx(ab, got, n);
        for (int k = 0; k < n; k++) {
            double re = 0.0, im = 0.0;
            for (int j = 0; j < n; j++) {
                double cs = cos(2 * PI * j * k / n), sn = sin(2 * PI * j * k / n);
                re += cs * w[2 * j] - sn * w[2 * j + 1];
                im += sn * w[2 * j] + cs * w[2 * j + 1];
            }
            want[2 * k] = re;
            want[2 * k + 1] = im;
        }
        snprintf(label, sizeof label, "fft_iter_vjp n=%d = conjugate DFT of the seed", n);
        CHECK_VEC_CLOSE(label, got, want, 2 * n, 1e-5, 1e-5 * sqrt((double)n));
        printf("fft_iter_vjp n=%d: peak tape %zu bytes\n", n, peak);
        snprintf(label, sizeof label, "fft_iter_vjp n=%d tapes no twiddle per butterfly", n);
        CHECK_TRUE(label, peak < sizeof(cplx) * (size_t)(n / 2) * (n == 8 ? 3 : 5));
    }
    return oracle_result();
}
