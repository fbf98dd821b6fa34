/*
** bench/fft_iter.c: the textbook iterative radix-2 FFT, in place over a
** struct of two floats (bit-reversal swaps, then the butterflies of each
** stage with the twiddle copied into a local struct), as a second spelling
** of bench_kernels' transform.
*/
#include "bench_kernels.h"

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

#pragma ad vjp(fft_iter) wrt(a[n]) out(a[n])
