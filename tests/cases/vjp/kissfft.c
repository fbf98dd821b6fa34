// NO-STANDALONE-HEADER: kiss_fft_cpx is an anonymous struct typedef (as in kissfft), which a header cannot redeclare after this file defines it (C11), so kissfft.ad.h relies on the definition above its #include
/*
** vjp/kissfft: a complex FFT written as kissfft writes it (a config struct
** with the factors and twiddles, kf_work's recursion over the factors,
** kf_bfly2/kf_bfly4 with pointer strides, C_MUL/C_ADD macros in
** do { } while (0) over a struct of two floats), vjp and jvp wrt the input,
** at 8 points (radix 4 then 2), 16 (4, 4) and 32 (4, 4, 2). What issue 13's
** kernel exercises in reverse mode: do-while(0) blocks, pointers stepped by
** a stride and stepped back (tw1 += fstride), a helper that calls itself
** (which of its pointer parameters its backward sweep reads: a fixed
** point), and scratch structs and arrays each sweep keeps to itself.
** Oracles, with float tolerances (ccad_oracle.h, fd_eps = FLT_EPSILON):
** central differences of float code to 1e-3 and the dot-product test with
** jvp to 1e-5 relative (the transform is linear: only rounding, about
** log2(n) float operations per value, ~1e-6, separates the two sides); and
** the closed form: the vjp of y = F x is x_bar = sum_j conj(W^jk) y_bar_j,
** a DFT in double, which the float vjp meets to 1e-5 * sqrt(n) absolute
** (|x_bar| ~ sqrt(n) for unit seeds, float rounding ~1e-6 of that).
*/
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define PI 3.14159265358979323846

typedef struct {
    float r, i;
} kiss_fft_cpx;

#define MAXFACTORS 32
struct kiss_fft_state {
    int nfft;
    int inverse;
    int factors[2 * MAXFACTORS];
    kiss_fft_cpx twiddles[];
};
typedef struct kiss_fft_state *kiss_fft_cfg;

#define C_MUL(m, a, b)                          \
    do {                                        \
        (m).r = (a).r * (b).r - (a).i * (b).i;  \
        (m).i = (a).r * (b).i + (a).i * (b).r;  \
    } while (0)
#define C_ADD(res, a, b)            \
    do {                            \
        (res).r = (a).r + (b).r;    \
        (res).i = (a).i + (b).i;    \
    } while (0)
#define C_SUB(res, a, b)            \
    do {                            \
        (res).r = (a).r - (b).r;    \
        (res).i = (a).i - (b).i;    \
    } while (0)
#define C_ADDTO(res, a)     \
    do {                    \
        (res).r += (a).r;   \
        (res).i += (a).i;   \
    } while (0)

static void kf_bfly2(kiss_fft_cpx *Fout, const size_t fstride, const kiss_fft_cfg st, int m)
{
    kiss_fft_cpx *Fout2;
    const kiss_fft_cpx *tw1 = st->twiddles;
    kiss_fft_cpx t;
    Fout2 = Fout + m;
    do {
        C_MUL(t, *Fout2, *tw1);
        tw1 += fstride;
        C_SUB(*Fout2, *Fout, t);
        C_ADDTO(*Fout, t);
        ++Fout2;
        ++Fout;
    } while (--m);
}

static void kf_bfly4(kiss_fft_cpx *Fout, const size_t fstride, const kiss_fft_cfg st, const size_t m)
{
    const kiss_fft_cpx *tw1, *tw2, *tw3;
    kiss_fft_cpx scratch[6];
    size_t k = m;
    const size_t m2 = 2 * m;
    const size_t m3 = 3 * m;

    tw3 = tw2 = tw1 = st->twiddles;

    do {
        C_MUL(scratch[0], Fout[m], *tw1);
        C_MUL(scratch[1], Fout[m2], *tw2);
        C_MUL(scratch[2], Fout[m3], *tw3);

        C_SUB(scratch[5], *Fout, scratch[1]);
        C_ADDTO(*Fout, scratch[1]);
        C_ADD(scratch[3], scratch[0], scratch[2]);
        C_SUB(scratch[4], scratch[0], scratch[2]);
        C_SUB(Fout[m2], *Fout, scratch[3]);
        tw1 += fstride;
        tw2 += fstride * 2;
        tw3 += fstride * 3;
        C_ADDTO(*Fout, scratch[3]);

        if (st->inverse) {
            Fout[m].r = scratch[5].r - scratch[4].i;
            Fout[m].i = scratch[5].i + scratch[4].r;
            Fout[m3].r = scratch[5].r + scratch[4].i;
            Fout[m3].i = scratch[5].i - scratch[4].r;
        } else {
            Fout[m].r = scratch[5].r + scratch[4].i;
            Fout[m].i = scratch[5].i - scratch[4].r;
            Fout[m3].r = scratch[5].r - scratch[4].i;
            Fout[m3].i = scratch[5].i + scratch[4].r;
        }
        ++Fout;
    } while (--k);
}

static void kf_work(kiss_fft_cpx *Fout, const kiss_fft_cpx *f, const size_t fstride, int in_stride,
                    const int *factors, const kiss_fft_cfg st)
{
    kiss_fft_cpx *Fout_beg = Fout;
    const int p = *factors++; /* the radix */
    const int m = *factors++; /* stage's fft length/p */
    const kiss_fft_cpx *Fout_end = Fout + p * m;

    if (m == 1) {
        do {
            *Fout = *f;
            f += fstride * in_stride;
        } while (++Fout != Fout_end);
    } else {
        do {
            kf_work(Fout, f, fstride * p, in_stride, factors, st);
            f += fstride * in_stride;
        } while ((Fout += m) != Fout_end);
    }

    Fout = Fout_beg;

    switch (p) {
    case 2: kf_bfly2(Fout, fstride, st, m); break;
    case 4: kf_bfly4(Fout, fstride, st, m); break;
    }
}

void kiss_fft(kiss_fft_cfg cfg, const kiss_fft_cpx *fin, kiss_fft_cpx *fout)
{
    kf_work(fout, fin, 1, 1, cfg->factors, cfg);
}

#pragma ad jvp(kiss_fft) wrt(fin[cfg->nfft]) out(fout[cfg->nfft])
#pragma ad vjp(kiss_fft) wrt(fin[cfg->nfft]) out(fout[cfg->nfft])

#include "kissfft.ad.h"

/* kissfft's kiss_fft_alloc and kf_factor, for powers of two */
static kiss_fft_cfg fft_alloc(int nfft, int inverse)
{
    kiss_fft_cfg st = malloc(sizeof(struct kiss_fft_state) + sizeof(kiss_fft_cpx) * (size_t)nfft);
    st->nfft = nfft;
    st->inverse = inverse;
    for (int i = 0; i < nfft; ++i) {
        double phase = -2 * PI * i / nfft * (inverse ? -1 : 1);
        st->twiddles[i].r = (float)cos(phase);
        st->twiddles[i].i = (float)sin(phase);
    }
    int n = nfft, *fac = st->factors;
    do {
        int p = n % 4 ? 2 : 4;
        n /= p;
        *fac++ = p;
        *fac++ = n;
    } while (n > 1);
    return st;
}

static void to_cpx(const double *x, kiss_fft_cpx *c, int n)
{
    for (int k = 0; k < n; k++) {
        c[k].r = (float)x[2 * k];
        c[k].i = (float)x[2 * k + 1];
    }
}

static void from_cpx(const kiss_fft_cpx *c, double *x, int n)
{
    for (int k = 0; k < n; k++) {
        x[2 * k] = c[k].r;
        x[2 * k + 1] = c[k].i;
    }
}

#define NMAX 32

static void fft_flat(void *ctx, const double *x, double *y)
{
    kiss_fft_cfg st = ctx;
    kiss_fft_cpx in[NMAX], out[NMAX];
    to_cpx(x, in, st->nfft);
    kiss_fft(st, in, out);
    from_cpx(out, y, st->nfft);
}

static void fft_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    kiss_fft_cfg st = ctx;
    kiss_fft_cpx in[NMAX], ind[NMAX], out[NMAX], outd[NMAX];
    to_cpx(x, in, st->nfft);
    to_cpx(v, ind, st->nfft);
    kiss_fft_jvp(st, in, ind, out, outd);
    from_cpx(out, y, st->nfft);
    from_cpx(outd, ydot, st->nfft);
}

static void fft_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    kiss_fft_cfg st = ctx;
    kiss_fft_cpx in[NMAX], inb[NMAX], out[NMAX], outb[NMAX];
    to_cpx(x, in, st->nfft);
    to_cpx(xbar, inb, st->nfft);
    to_cpx(w, outb, st->nfft);
    kiss_fft_vjp(st, in, inb, out, outb);
    from_cpx(out, y, st->nfft);
    from_cpx(inb, xbar, st->nfft);
    from_cpx(outb, w, st->nfft);
}

int main(void)
{
    static const int sizes[3] = {8, 16, 32};
    OracleRng rng = oracle_rng(4096);
    char label[96];
    for (int s = 0; s < 3; s++) {
        int n = sizes[s];
        kiss_fft_cfg st = fft_alloc(n, 0);
        double x[2 * NMAX];
        oracle_fill_uniform(&rng, x, 2 * n, -1.0, 1.0);
        for (int k = 0; k < 2 * n; k++)
            x[k] = (float)x[k];
        snprintf(label, sizeof label, "kiss_fft n=%d", n);
        OracleProblem p = {.name = label, .n = 2 * n, .m = 2 * n, .f = fft_flat, .jvp = fft_jvp_flat,
                           .vjp = fft_vjp_flat, .tape_empty = ccad_tape_empty, .fd_eps = FLT_EPSILON};
        oracle_check_jvp(&p, st, x, &rng, 2, 0);
        oracle_check_vjp(&p, st, x, &rng, 2, 2 * n);

        /* closed form: x_bar_k = sum_j conj(W^(jk)) y_bar_j, W = e^(-2 pi i / n) */
        kiss_fft_cpx in[NMAX], inb[NMAX] = {{0.0f, 0.0f}}, out[NMAX], outb[NMAX];
        double w[2 * NMAX], got[2 * NMAX], want[2 * NMAX];
        oracle_fill_normal(&rng, w, 2 * n);
        to_cpx(x, in, n);
        to_cpx(w, outb, n);
        for (int k = 0; k < 2 * n; k++)
            w[k] = (float)w[k];
        kiss_fft_vjp(st, in, inb, out, outb);
        from_cpx(inb, got, n);
        for (int k = 0; k < n; k++) {
            double re = 0.0, im = 0.0;
            for (int j = 0; j < n; j++) {
                double c = cos(2 * PI * j * k / n), sn = sin(2 * PI * j * k / n);
                re += c * w[2 * j] - sn * w[2 * j + 1];
                im += sn * w[2 * j] + c * w[2 * j + 1];
            }
            want[2 * k] = re;
            want[2 * k + 1] = im;
        }
        snprintf(label, sizeof label, "kiss_fft_vjp n=%d = conjugate DFT of the seed", n);
        CHECK_VEC_CLOSE(label, got, want, 2 * n, 1e-5, 1e-5 * sqrt((double)n));
        free(st);
    }
    return oracle_result();
}
