/*
** bench_tape.c: what reverse mode's tape costs on three shapes of issue 13
** (see README.md, "bench_tape"), each in one run: the primal's time, the
** derivative's, their ratio, the derivative's peak tape bytes and the
** process's peak resident memory after it.
**
**   bench_tape gmm [D K N]     gradbench's GMM (gmm_gb.c), default 64 200 1000
**   bench_tape matmul [B T C OC]  llm.c matmul_forward's vjp (matmul.c) against
**                              llm.c's matmul_backward, default 4 64 256 768
**   bench_tape waves [N]       18 cheap statements per iteration (loop18.c), 10^5
**
** Each result is checked first (gmm and waves: central differences on a few
** components; matmul: the vjp against the hand-written backward).
*/
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_tape.h"
#include "ccad.h"
#include "gmm_gb.ad.h"
#include "loop18.ad.h"
#include "matmul.ad.h"

/* the thread's CPU time: other processes' time slices on a shared machine
** do not count (as in bench_jac) */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
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

/* best of 'rounds' timings of fn(ctx), each at least 0.2 s or one call */
#define TIME_BEST(rounds, body)                                       \
    ({                                                                \
        double best_ = 1e30;                                          \
        for (int r_ = 0; r_ < (rounds); r_++) {                       \
            int calls_ = 0;                                           \
            double t0_ = now(), t_;                                   \
            do {                                                      \
                body;                                                 \
                calls_++;                                             \
            } while ((t_ = now() - t0_) < 0.2);                        \
            if (t_ / calls_ < best_) best_ = t_ / calls_;             \
        }                                                             \
        best_;                                                        \
    })

static int bench_gmm(int d, int k, int n)
{
    int nin = k + k * d + k * d * (d + 1) / 2;
    double *in = malloc(sizeof(double) * nin), *g = calloc(nin, sizeof(double));
    double *x = malloc(sizeof(double) * n * d);
    for (int i = 0; i < nin; i++) in[i] = i < k + k * d ? 2 * urand() - 1 : 0.1 * (2 * urand() - 1);
    for (int i = 0; i < n * d; i++) x[i] = 2 * urand() - 1;
    GbWishart w = {1.0, 0};
    double *al = in, *mu = in + k, *icf = in + k + k * d;
    double *alb = g, *mub = g + k, *icfb = g + k + k * d;
    double err = 0, errg = 0;
    gmm_gb(d, k, n, al, mu, icf, x, w, &err);
    ccad_tape_reset_peak();
    gmm_gb_grad(d, k, n, al, alb, mu, mub, icf, icfb, x, w, &errg);
    size_t peak = ccad_tape_peak_bytes();
    double rss = rss_mib();
    check("gmm value", errg, err, 1e-12 * fabs(err));
    for (int c = 0; c < 6; c++) {
        int i = (int)(urand() * nin);
        double h = 1e-5 * fmax(1, fabs(in[i])), ep, em, save = in[i];
        in[i] = save + h; gmm_gb(d, k, n, al, mu, icf, x, w, &ep);
        in[i] = save - h; gmm_gb(d, k, n, al, mu, icf, x, w, &em);
        in[i] = save;
        char what[64];
        snprintf(what, sizeof what, "gmm d/din[%d]", i);
        check(what, g[i], (ep - em) / (2 * h), 1e-5 * fmax(1, fabs(g[i])));
    }
    double tf = TIME_BEST(3, gmm_gb(d, k, n, al, mu, icf, x, w, &err));
    double tg = TIME_BEST(3, gmm_gb_grad(d, k, n, al, alb, mu, mub, icf, icfb, x, w, &errg));
    printf("gmm d=%d K=%d n=%d: objective %.4f s, gradient %.4f s, ratio %.2f, peak tape %.1f MiB, "
           "peak RSS %.1f MiB\n", d, k, n, tf, tg, tg / tf, peak / 1048576.0, rss);
    return failed;
}

static int bench_matmul(int B, int T, int C, int OC)
{
    size_t ni = (size_t)B * T * C, nw = (size_t)OC * C, no = (size_t)B * T * OC;
    float *inp = malloc(4 * ni), *wt = malloc(4 * nw), *bias = malloc(4 * OC), *out = malloc(4 * no);
    float *dout = malloc(4 * no), *di = calloc(ni, 4), *dw = calloc(nw, 4), *db = calloc(OC, 4);
    float *hi = calloc(ni, 4), *hw = calloc(nw, 4), *hb = calloc(OC, 4);
    for (size_t i = 0; i < ni; i++) inp[i] = (float)(2 * urand() - 1);
    for (size_t i = 0; i < nw; i++) wt[i] = (float)(0.1 * (2 * urand() - 1));
    for (int i = 0; i < OC; i++) bias[i] = (float)(2 * urand() - 1);
    for (size_t i = 0; i < no; i++) dout[i] = (float)(2 * urand() - 1);
    float *ob = malloc(4 * no);
    memcpy(ob, dout, 4 * no);
    ccad_tape_reset_peak();
    matmul_forward_vjp(out, ob, inp, di, wt, dw, bias, db, B, T, C, OC);
    size_t peak = ccad_tape_peak_bytes();
    double rss = rss_mib();
    matmul_backward_hand(hi, hw, hb, dout, inp, wt, B, T, C, OC);
    for (size_t i = 0; i < ni; i += 97) check("matmul dinp", di[i], hi[i], 1e-4 * fmax(1, fabs(hi[i])));
    for (size_t i = 0; i < nw; i += 97) check("matmul dweight", dw[i], hw[i], 1e-4 * fmax(1, fabs(hw[i])));
    for (int i = 0; i < OC; i++) check("matmul dbias", db[i], hb[i], 1e-4 * fmax(1, fabs(hb[i])));
    double tf = TIME_BEST(3, matmul_forward(out, inp, wt, bias, B, T, C, OC));
    double tv = TIME_BEST(3, (memcpy(ob, dout, 4 * no),
                              matmul_forward_vjp(out, ob, inp, di, wt, dw, bias, db, B, T, C, OC)));
    double th = TIME_BEST(3, (matmul_forward(out, inp, wt, bias, B, T, C, OC),
                              matmul_backward_hand(hi, hw, hb, dout, inp, wt, B, T, C, OC)));
    double tb = TIME_BEST(3, matmul_backward_hand(hi, hw, hb, dout, inp, wt, B, T, C, OC));
    printf("matmul B=%d T=%d C=%d OC=%d: forward %.5f s, vjp %.5f s (%.2f x forward), "
           "hand backward %.5f s, vjp/hand backward %.2f, hand forward+backward %.5f s, vjp/that %.2f, "
           "peak tape %.2f MiB, peak RSS %.1f MiB\n",
           B, T, C, OC, tf, tv, tv / tf, tb, tv / tb, th, tv / th, peak / 1048576.0, rss);
    return failed;
}

static int bench_waves(int n)
{
    double *x = malloc(sizeof(double) * n), *xb = calloc(n, sizeof(double)), c[18], cb[18] = {0}, a = 0.7, ab = 0;
    for (int i = 0; i < n; i++) x[i] = 2 * urand() - 1;
    for (int j = 0; j < 18; j++) c[j] = 0.5 + urand();
    double f = waves(n, x, c, a);
    ccad_tape_reset_peak();
    double fg = waves_grad(n, x, xb, c, cb, a, &ab);
    size_t peak = ccad_tape_peak_bytes();
    check("waves value", fg, f, 1e-12 * fabs(f));
    double h = 1e-6;
    for (int i = 0; i < n; i += n / 5 + 1) {
        double s = x[i];
        x[i] = s + h; double fp = waves(n, x, c, a);
        x[i] = s - h; double fm = waves(n, x, c, a);
        x[i] = s;
        check("waves dx", xb[i], (fp - fm) / (2 * h), 1e-6 * fmax(1, fabs(xb[i])));
    }
    double tf = TIME_BEST(3, waves(n, x, c, a));
    double tg = TIME_BEST(3, waves_grad(n, x, xb, c, cb, a, &ab));
    printf("waves n=%d: primal %.5f s, gradient %.5f s, ratio %.2f, peak tape %.0f bytes = %.2f doubles "
           "per iteration\n", n, tf, tg, tg / tf, (double)peak, peak / 8.0 / n);
    return failed;
}

int main(int argc, char **argv)
{
    const char *which = argc > 1 ? argv[1] : "gmm";
    int v[4];
    for (int i = 0; i < 4; i++) v[i] = argc > 2 + i ? atoi(argv[2 + i]) : 0;
    if (!strcmp(which, "gmm")) return bench_gmm(v[0] ? v[0] : 64, v[1] ? v[1] : 200, v[2] ? v[2] : 1000);
    if (!strcmp(which, "matmul"))
        return bench_matmul(v[0] ? v[0] : 4, v[1] ? v[1] : 64, v[2] ? v[2] : 256, v[3] ? v[3] : 768);
    if (!strcmp(which, "waves")) return bench_waves(v[0] ? v[0] : 100000);
    fprintf(stderr, "usage: bench_tape gmm|matmul|waves [sizes]\n");
    return 2;
}
