/*
** bench_kernels.c: reverse mode on two small kernels of issue 13 (see
** README.md, "bench_kernels"), each in one run: the primal's time, the
** vjp's, their ratio, and the vjp against a hand-written adjoint.
**
**   bench_kernels nbody [N]   one step of the n-body benchmark (nbody.c),
**                             N bodies (default 5: the benchmark's)
**   bench_kernels fft [N]     kissfft's complex transform (kissfft.c),
**                             N points (a power of two, default 1024)
**   bench_kernels fftiter [N] the textbook iterative radix-2 transform
**                             (fft_iter.c), in place
**
** Each vjp is checked first against its hand-written adjoint.
*/
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_kernels.h"
#include "ccad.h"
#include "fft_iter.ad.h"
#include "kissfft.ad.h"
#include "nbody.ad.h"

/* the thread's CPU time: other processes' time slices do not count */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static unsigned long long rng = 88172645463325252ULL;
static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (rng >> 11) * (1.0 / 9007199254740992.0);
}

static int failed;
static void check(const char *what, double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) {
        printf("WRONG %s: got %.12g want %.12g\n", what, got, want);
        failed = 1;
    }
}

/* best of 'rounds' timings of body, each round at least 0.2 s */
#define TIME_BEST(rounds, body)                                       \
    ({                                                                \
        double best_ = 1e30;                                          \
        for (int r_ = 0; r_ < (rounds); r_++) {                       \
            long calls_ = 0;                                          \
            double t0_ = now(), t_;                                   \
            do {                                                      \
                body;                                                 \
                calls_++;                                             \
            } while ((t_ = now() - t0_) < 0.2);                       \
            if (t_ / calls_ < best_) best_ = t_ / calls_;             \
        }                                                             \
        best_;                                                        \
    })

/* the benchmark's initial state (sun, jupiter, saturn, uranus, neptune),
** repeated with small offsets past 5 bodies */
#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
static const struct planet solar[5] = {
    {0, 0, 0, 0, 0, 0, SOLAR_MASS},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
     -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
     2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
     -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
     -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS}};

static int bench_nbody(int n)
{
    const double dt = 0.01;
    size_t bytes = sizeof(struct planet) * (size_t)n;
    struct planet *b = malloc(bytes), *b0 = malloc(bytes), *seed = malloc(bytes);
    struct planet *bar = malloc(bytes), *hbar = malloc(bytes), *keep = malloc(bytes);
    for (int i = 0; i < n; i++) {
        b0[i] = solar[i % 5];
        b0[i].x += i / 5 * 30.0;
        b0[i].y += i / 5 * 0.5;
    }
    double *s = (double *)seed;
    for (size_t k = 0; k < bytes / sizeof(double); k++) s[k] = 2 * urand() - 1;
    /* check: advance_vjp against the hand-written adjoint */
    memcpy(b, b0, bytes);
    memcpy(bar, seed, bytes);
    advance_vjp(n, b, bar, dt);
    memcpy(hbar, seed, bytes);
    advance_backward_hand(n, b0, hbar, dt);
    const double *g = (const double *)bar, *h = (const double *)hbar;
    for (size_t k = 0; k < bytes / sizeof(double); k++)
        check("nbody vjp vs hand", g[k], h[k], 1e-12 * fmax(1, fabs(h[k])));
    memcpy(keep, b0, bytes);
    advance(n, keep, dt);
    check("nbody vjp leaves the primal's state", memcmp(keep, b, bytes) == 0, 1, 0);
    /* the state advances from call to call (as in the benchmark); the seed
    ** is copied in before each vjp, and the state saved before each hand
    ** backward (what the hand-written adjoint needs) */
    memcpy(b, b0, bytes);
    double tf = TIME_BEST(5, advance(n, b, dt));
    memcpy(b, b0, bytes);
    double tv = TIME_BEST(5, (memcpy(bar, seed, bytes), advance_vjp(n, b, bar, dt)));
    memcpy(b, b0, bytes);
    double th = TIME_BEST(5, (memcpy(hbar, seed, bytes), memcpy(keep, b, bytes), advance(n, b, dt),
                              advance_backward_hand(n, keep, hbar, dt)));
    printf("nbody %d bodies: advance %.1f ns, vjp %.1f ns (%.2f x advance; goal <= 4), "
           "hand forward+backward %.1f ns (vjp / that %.2f)\n",
           n, 1e9 * tf, 1e9 * tv, tv / tf, 1e9 * th, tv / th);
    free(b), free(b0), free(seed), free(bar), free(hbar), free(keep);
    return failed;
}

static int bench_fft(int n)
{
    kiss_fft_cfg fwd = kiss_fft_alloc(n, 0), inv = kiss_fft_alloc(n, 1);
    size_t bytes = sizeof(kiss_fft_cpx) * (size_t)n;
    kiss_fft_cpx *in = malloc(bytes), *out = malloc(bytes), *seed = malloc(bytes);
    kiss_fft_cpx *ob = malloc(bytes), *ib = calloc((size_t)n, sizeof *ib), *hb = malloc(bytes);
    for (int k = 0; k < n; k++) {
        in[k].r = (float)(2 * urand() - 1), in[k].i = (float)(2 * urand() - 1);
        seed[k].r = (float)(2 * urand() - 1), seed[k].i = (float)(2 * urand() - 1);
    }
    /* check: the vjp of y = F x is F^H ybar, the unnormalised inverse */
    memcpy(ob, seed, bytes);
    kiss_fft_vjp(fwd, in, ib, out, ob);
    kiss_fft(inv, seed, hb);
    double scale = sqrt((double)n);
    for (int k = 0; k < n; k++) {
        check("fft vjp vs inverse (re)", ib[k].r, hb[k].r, 1e-5 * scale);
        check("fft vjp vs inverse (im)", ib[k].i, hb[k].i, 1e-5 * scale);
    }
    double tf = TIME_BEST(5, kiss_fft(fwd, in, out));
    double tv = TIME_BEST(5, (memcpy(ob, seed, bytes), kiss_fft_vjp(fwd, in, ib, out, ob)));
    double th = TIME_BEST(5, (kiss_fft(fwd, in, out), kiss_fft(inv, seed, hb)));
    printf("fft %d points: transform %.2f us, vjp %.2f us (%.2f x the transform; goal <= 4), "
           "hand forward+backward %.2f us (vjp / that %.2f)\n",
           n, 1e6 * tf, 1e6 * tv, tv / tf, 1e6 * th, tv / th);
    free(fwd), free(inv), free(in), free(out), free(seed), free(ob), free(ib), free(hb);
    return failed;
}

static int bench_fft_iter(int n)
{
    size_t bytes = sizeof(cplx) * (size_t)n;
    cplx *w = malloc(bytes), *a0 = malloc(bytes), *a = malloc(bytes), *seed = malloc(bytes), *ab = malloc(bytes);
    cplx *h = malloc(bytes), *wc = malloc(bytes);
    for (int k = 0; k < n; k++) {
        w[k].re = (float)cos(-2 * PI * k / n), w[k].im = (float)sin(-2 * PI * k / n);
        wc[k].re = w[k].re, wc[k].im = -w[k].im;
        a0[k].re = (float)(2 * urand() - 1), a0[k].im = (float)(2 * urand() - 1);
        seed[k].re = (float)(2 * urand() - 1), seed[k].im = (float)(2 * urand() - 1);
    }
    /* check: the vjp is the transform with conjugate twiddles of the seed */
    memcpy(a, a0, bytes);
    memcpy(ab, seed, bytes);
    fft_iter_vjp(a, ab, n, w);
    memcpy(h, seed, bytes);
    fft_iter(h, n, wc);
    double scale = sqrt((double)n);
    for (int k = 0; k < n; k++) {
        check("fft_iter vjp vs inverse (re)", ab[k].re, h[k].re, 1e-5 * scale);
        check("fft_iter vjp vs inverse (im)", ab[k].im, h[k].im, 1e-5 * scale);
    }
    double tf = TIME_BEST(5, (memcpy(a, a0, bytes), fft_iter(a, n, w)));
    double tv = TIME_BEST(5, (memcpy(a, a0, bytes), memcpy(ab, seed, bytes), fft_iter_vjp(a, ab, n, w)));
    double th = TIME_BEST(5, (memcpy(a, a0, bytes), fft_iter(a, n, w), memcpy(h, seed, bytes), fft_iter(h, n, wc)));
    printf("fft_iter %d points: transform %.2f us, vjp %.2f us (%.2f x the transform), "
           "hand forward+backward %.2f us (vjp / that %.2f)\n",
           n, 1e6 * tf, 1e6 * tv, tv / tf, 1e6 * th, tv / th);
    free(w), free(a0), free(a), free(seed), free(ab), free(h), free(wc);
    return failed;
}

int main(int argc, char **argv)
{
    const char *which = argc > 1 ? argv[1] : "nbody";
    int v = argc > 2 ? atoi(argv[2]) : 0;
    if (!strcmp(which, "nbody")) return bench_nbody(v > 0 ? v : 5);
    if (!strcmp(which, "fft")) return bench_fft(v > 0 ? v : 1024);
    if (!strcmp(which, "fftiter")) return bench_fft_iter(v > 0 ? v : 1024);
    fprintf(stderr, "usage: bench_kernels nbody|fft|fftiter [size]\n");
    return 2;
}
