/*
** bench/kissfft.c: a complex FFT written as kissfft writes it (kiss_fft.c:
** a config struct with the factors and precomputed twiddles, kf_work's
** recursive decimation in time over the factors, kf_bfly2 and kf_bfly4
** butterflies with pointer strides and C_MUL/C_ADD macros over a struct of
** two floats), for lengths that are powers of two (radices 4 and 2), out of
** place. bench_kernels times the vjp of a 1024-point transform against the
** transform, and against the hand-written adjoint: the vjp of an
** unnormalised DFT is the unnormalised inverse DFT of the seed.
*/
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "bench_kernels.h"

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
            /* recursive call: DFT of size m*p performed by doing
               p instances of smaller DFTs of size m, each one
               takes a decimated version of the input */
            kf_work(Fout, f, fstride * p, in_stride, factors, st);
            f += fstride * in_stride;
        } while ((Fout += m) != Fout_end);
    }

    Fout = Fout_beg;

    /* recombine the p smaller DFTs */
    switch (p) {
    case 2: kf_bfly2(Fout, fstride, st, m); break;
    case 4: kf_bfly4(Fout, fstride, st, m); break;
    }
}

void kiss_fft_stride(kiss_fft_cfg st, const kiss_fft_cpx *fin, kiss_fft_cpx *fout, int in_stride)
{
    kf_work(fout, fin, 1, in_stride, st->factors, st);
}

void kiss_fft(kiss_fft_cfg cfg, const kiss_fft_cpx *fin, kiss_fft_cpx *fout)
{
    kiss_fft_stride(cfg, fin, fout, 1);
}

#pragma ad vjp(kiss_fft) wrt(fin[cfg->nfft]) out(fout[cfg->nfft])

/* facbuf is populated by p1,m1,p2,m2, ...
   where
   p[i] * m[i] = m[i-1]
   m0 = n                  */
static void kf_factor(int n, int *facbuf)
{
    int p = 4;
    double floor_sqrt;
    floor_sqrt = floor(sqrt((double)n));

    /* factor out powers of 4, powers of 2 */
    do {
        while (n % p) {
            switch (p) {
            case 4: p = 2; break;
            default: p = n; break; /* powers of two only here */
            }
            if (p > floor_sqrt) p = n;
        }
        n /= p;
        *facbuf++ = p;
        *facbuf++ = n;
    } while (n > 1);
}

kiss_fft_cfg kiss_fft_alloc(int nfft, int inverse_fft)
{
    kiss_fft_cfg st = malloc(sizeof(struct kiss_fft_state) + sizeof(kiss_fft_cpx) * (size_t)nfft);
    if (!st) return NULL;
    st->nfft = nfft;
    st->inverse = inverse_fft;
    for (int i = 0; i < nfft; ++i) {
        const double pi = 3.141592653589793238462643383279502884197169399375105820974944;
        double phase = -2 * pi * i / nfft;
        if (st->inverse) phase *= -1;
        st->twiddles[i].r = (float)cos(phase);
        st->twiddles[i].i = (float)sin(phase);
    }
    kf_factor(nfft, st->factors);
    return st;
}
