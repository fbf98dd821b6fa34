/*
** bench/bench_grad.c: gradient / primal time ratios of cc-ad's generated
** reverse mode, and of hand-written adjoints, on four objectives (see
** README.md). Not a test: it prints one table and exits 0, unless a
** gradient fails the startup check against central finite differences, in
** which case it prints why and aborts (exit status 1) before timing.
**
** usage: bench_grad [BATCH_SECONDS [ROUNDS [CASE]]]
**   Each variant (primal, cc-ad gradient, hand-written gradient) is timed in
**   ROUNDS batches (default 10) of at least BATCH_SECONDS each (default
**   0.025 s, so >= 0.25 s of measurement per variant). A round times one
**   batch of every variant of every case in turn, so each variant's batches
**   are spread over the whole run and a slow phase of the machine hits all
**   variants alike; the time reported is the best batch's time per call.
**   CASE times only the case of that name (all are still checked).
*/
#define _POSIX_C_SOURCE 199309L /* clock_gettime under -std=c11 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ccad.h"
#include "bench_cases.h"
#include "gmm.ad.h"
#include "loss.ad.h"
#include "lstm.ad.h"
#include "tridiag.ad.h"

/* The counting copies of the generated functions (tape_count.h, CMakeLists.txt):
** the same code, but every tape push samples the peak, so it is exact.
** Without them (BENCH_NO_COUNTED: a compiler without -include) the timed
** copies stand in, and the "exact" column shows the sampled figure. */
#ifdef BENCH_NO_COUNTED
#define tridiag_norm_grad_counted tridiag_norm_grad
#define loss_grad_counted loss_grad
#define gmm_objective_grad_counted gmm_objective_grad
#define lstm_loss_grad_counted lstm_loss_grad
#define lstm_loss_ck_grad_counted lstm_loss_ck_grad
#else
double tridiag_norm_grad_counted(const double *params, double *params_bar);
double loss_grad_counted(const double *x, double *x_bar, const double *x_star, int n);
void gmm_objective_grad_counted(int d, int k, int n, const double *alphas, double *alphas_bar,
                                const double *means, double *means_bar, const double *icf,
                                double *icf_bar, const double *x, Wishart wishart, double *err);
double lstm_loss_grad_counted(int b, int T, const double *Wx, double *Wx_bar, const double *Wh,
                              double *Wh_bar, const double *bias, double *bias_bar,
                              const double *Wy, double *Wy_bar, const double *seq,
                              const double *state0);
double lstm_loss_ck_grad_counted(int b, int T, const double *Wx, double *Wx_bar,
                                 const double *Wh, double *Wh_bar, const double *bias,
                                 double *bias_bar, const double *Wy, double *Wy_bar,
                                 const double *seq, const double *state0);
#endif

unsigned long long bench_push_count[5]; /* incremented by the counting copies */

#ifndef BENCH_CFLAGS
#define BENCH_CFLAGS "?"
#endif

/* {======================================================================
** Deterministic random data (splitmix64, Box-Muller)
** ======================================================================= */

static uint64_t rng_state = 0x243F6A8885A308D3ull;

static double urand(void) /* uniform in [0, 1) */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

static double nrand(void) /* standard normal */
{
    double u = urand(), v = urand();
    return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

/* }====================================================================== */

/* {======================================================================
** The cases, as functions of one flat input vector
** ======================================================================= */

typedef double (*flat_fn)(const double *in);
typedef double (*flat_grad)(const double *in, double *g);

typedef struct Case {
    const char *name;
    int n;            /* inputs */
    double *in;       /* the point */
    flat_fn f;        /* primal */
    flat_grad gen;    /* cc-ad gradient */
    flat_grad hand;   /* hand-written gradient, or NULL */
    flat_grad counted; /* counting copy of gen, for the exact peak tape */
    double h;         /* finite-difference step (relative to max(1, |x_i|)) */
    int fd_count;     /* components checked by central differences */
} Case;

/* tridiag */
static double tri_in[TRIDIAG_NPAR];
static double tri_f(const double *in) { return tridiag_norm(in); }
static double tri_gen(const double *in, double *g) { return tridiag_norm_grad(in, g); }
static double tri_hand(const double *in, double *g) { return tridiag_norm_hand(in, g); }
static double tri_cnt(const double *in, double *g) { return tridiag_norm_grad_counted(in, g); }

/* loss */
static double loss_in[LOSS_N], loss_xstar[LOSS_N];
static double loss_f(const double *in) { return loss(in, loss_xstar, LOSS_N); }
static double loss_gen(const double *in, double *g) { return loss_grad(in, g, loss_xstar, LOSS_N); }
static double loss_hnd(const double *in, double *g) { return loss_hand(in, g, loss_xstar, LOSS_N); }
static double loss_cnt(const double *in, double *g)
{
    return loss_grad_counted(in, g, loss_xstar, LOSS_N);
}

/* gmm: in = alphas[K] | means[K*D] | icf[K*D*(D+1)/2] */
#define GMM_ICF (GMM_D * (GMM_D + 1) / 2)
#define GMM_NIN (GMM_K + GMM_K * GMM_D + GMM_K * GMM_ICF)
static double gmm_in[GMM_NIN], gmm_x[GMM_NPTS * GMM_D];
static Wishart gmm_wishart = {1.0, 0};
static double gmm_f(const double *in)
{
    double err;
    gmm_objective(GMM_D, GMM_K, GMM_NPTS, in, in + GMM_K, in + GMM_K + GMM_K * GMM_D, gmm_x,
                  gmm_wishart, &err);
    return err;
}
static double gmm_gen(const double *in, double *g)
{
    double err;
    gmm_objective_grad(GMM_D, GMM_K, GMM_NPTS, in, g, in + GMM_K, g + GMM_K,
                       in + GMM_K + GMM_K * GMM_D, g + GMM_K + GMM_K * GMM_D, gmm_x, gmm_wishart,
                       &err);
    return err;
}
static double gmm_cnt(const double *in, double *g)
{
    double err;
    gmm_objective_grad_counted(GMM_D, GMM_K, GMM_NPTS, in, g, in + GMM_K, g + GMM_K,
                               in + GMM_K + GMM_K * GMM_D, g + GMM_K + GMM_K * GMM_D, gmm_x,
                               gmm_wishart, &err);
    return err;
}
static double gmm_hnd(const double *in, double *g)
{
    double err;
    gmm_objective_hand(GMM_D, GMM_K, GMM_NPTS, in, g, in + GMM_K, g + GMM_K,
                       in + GMM_K + GMM_K * GMM_D, g + GMM_K + GMM_K * GMM_D, gmm_x, gmm_wishart,
                       &err);
    return err;
}

/* lstm: in = Wx[4b*b] | Wh[4b*b] | bias[4b] | Wy[b*b] */
#define LB LSTM_B
#define LSTM_NW (4 * LB * LB)
#define LSTM_NIN (2 * LSTM_NW + 4 * LB + LB * LB)
#define LSTM_PARTS(p) p, p + LSTM_NW, p + 2 * LSTM_NW, p + 2 * LSTM_NW + 4 * LB
static double lstm_in[LSTM_NIN], lstm_seq[(LSTM_T + 1) * LB], lstm_state0[2 * LB];
static double lstm_f(const double *in)
{
    return lstm_loss(LB, LSTM_T, LSTM_PARTS(in), lstm_seq, lstm_state0);
}
static double lstm_ck_f(const double *in)
{
    return lstm_loss_ck(LB, LSTM_T, LSTM_PARTS(in), lstm_seq, lstm_state0);
}
static double lstm_gen(const double *in, double *g)
{
    return lstm_loss_grad(LB, LSTM_T, in, g, in + LSTM_NW, g + LSTM_NW, in + 2 * LSTM_NW,
                          g + 2 * LSTM_NW, in + 2 * LSTM_NW + 4 * LB, g + 2 * LSTM_NW + 4 * LB,
                          lstm_seq, lstm_state0);
}
static double lstm_ck_gen(const double *in, double *g)
{
    return lstm_loss_ck_grad(LB, LSTM_T, in, g, in + LSTM_NW, g + LSTM_NW, in + 2 * LSTM_NW,
                             g + 2 * LSTM_NW, in + 2 * LSTM_NW + 4 * LB,
                             g + 2 * LSTM_NW + 4 * LB, lstm_seq, lstm_state0);
}
static double lstm_cnt(const double *in, double *g)
{
    return lstm_loss_grad_counted(LB, LSTM_T, in, g, in + LSTM_NW, g + LSTM_NW,
                                  in + 2 * LSTM_NW, g + 2 * LSTM_NW, in + 2 * LSTM_NW + 4 * LB,
                                  g + 2 * LSTM_NW + 4 * LB, lstm_seq, lstm_state0);
}
static double lstm_ck_cnt(const double *in, double *g)
{
    return lstm_loss_ck_grad_counted(LB, LSTM_T, in, g, in + LSTM_NW, g + LSTM_NW,
                                     in + 2 * LSTM_NW, g + 2 * LSTM_NW,
                                     in + 2 * LSTM_NW + 4 * LB, g + 2 * LSTM_NW + 4 * LB,
                                     lstm_seq, lstm_state0);
}
static double lstm_hnd(const double *in, double *g)
{
    return lstm_loss_hand(LB, LSTM_T, in, g, in + LSTM_NW, g + LSTM_NW, in + 2 * LSTM_NW,
                          g + 2 * LSTM_NW, in + 2 * LSTM_NW + 4 * LB, g + 2 * LSTM_NW + 4 * LB,
                          lstm_seq, lstm_state0);
}

static void init_data(void)
{
    /* tridiag: the seed's parameters, uniform in [0, 1) */
    for (int i = 0; i < TRIDIAG_NPAR; i++)
        tri_in[i] = urand();
    /* loss: x, x_star standard normal, as seed 001 */
    for (int i = 0; i < LOSS_N; i++) {
        loss_xstar[i] = nrand();
        loss_in[i] = nrand();
    }
    /* gmm: ADBench-like: normal alphas, means in [-1, 1), small icf, normal points */
    for (int i = 0; i < GMM_K; i++)
        gmm_in[i] = nrand();
    for (int i = 0; i < GMM_K * GMM_D; i++)
        gmm_in[GMM_K + i] = 2.0 * urand() - 1.0;
    for (int i = 0; i < GMM_K * GMM_ICF; i++)
        gmm_in[GMM_K + GMM_K * GMM_D + i] = 0.3 * nrand();
    for (int i = 0; i < GMM_NPTS * GMM_D; i++)
        gmm_x[i] = nrand();
    /* lstm: weights N(0, 1/(2b)) so the gates do not saturate; the sequence
    ** is probability vectors (targets of the softmax) */
    for (int i = 0; i < LSTM_NIN; i++)
        lstm_in[i] = nrand() / sqrt(2.0 * LB);
    for (int t = 0; t <= LSTM_T; t++) {
        double s = 0.0;
        for (int i = 0; i < LB; i++)
            s += lstm_seq[t * LB + i] = 0.1 + 0.9 * urand();
        for (int i = 0; i < LB; i++)
            lstm_seq[t * LB + i] /= s;
    }
    for (int i = 0; i < 2 * LB; i++)
        lstm_state0[i] = urand() - 0.5;
}

/* }====================================================================== */

/* {======================================================================
** Startup check: the gradients against central differences and each other
** ======================================================================= */

static void fail(const char *name, const char *what, int i, double got, double want, double tol)
{
    printf("\n");
    fflush(stdout);
    fprintf(stderr, "bench_grad: %s: %s", name, what);
    if (i >= 0)
        fprintf(stderr, " [component %d]", i);
    fprintf(stderr, ": got %.17g, want %.17g (|diff| %.3g > tolerance %.3g)\n", got, want,
            fabs(got - want), tol);
    fprintf(stderr, "bench_grad: aborting: a wrong gradient makes its timing meaningless\n");
    exit(1);
}

static double inf_norm(const double *v, int n)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}

/*
** Tolerances.
**
** cc-ad vs hand-written: both are exact derivatives, evaluated in floating
** point with different operation orders, so they differ by rounding only:
** sums of at most ~1e5 terms, each bounded by the largest component times
** a modest factor, give differences of order 1e5 * 1e-16 = 1e-11 relative
** to ||g||_inf; we allow 1e-9 * ||g||_inf.
**
** Central differences: (f(x + h e_i) - f(x - h e_i)) / 2h has truncation
** error h^2 |f'''| / 6 and rounding error about eps |f| / h (eps = 1.1e-16,
** times the conditioning of the sum f is). With h = 1e-5 the truncation
** is ~1e-11 |f'''| and the rounding ~1e-11 |f| (gmm: |f| ~ 1e4, so ~1e-7).
** We allow 1e-6 * max(||g||_inf, 1) + 1e-5 |g_i|: 100 (gmm) to 10^5 (loss)
** times the discrepancy measured on these inputs (printed as "fd err",
** relative to ||g||_inf), and a million times below the O(||g||) error of a
** wrong or missing derivative term.
*/
#define TOL_EXACT 1e-9
#define TOL_FD_ABS 1e-6
#define TOL_FD_REL 1e-5

static double fd_component(const Case *c, double *x, int i)
{
    double xi = x[i], h = c->h * fmax(1.0, fabs(xi));
    x[i] = xi + h;
    double fp = c->f(x);
    x[i] = xi - h;
    double fm = c->f(x);
    x[i] = xi;
    /* the step actually taken is (xi + h) - (xi - h), exact when h is */
    return (fp - fm) / (2.0 * h);
}

/* Check one gradient function; returns the largest FD error / ||g||_inf. */
static double check_grad(const Case *c, flat_grad gfn, const char *which, double *g)
{
    char what[128];
    double f0 = c->f(c->in);
    double v = gfn(c->in, g);
    snprintf(what, sizeof what, "%s gradient's primal value", which);
    if (!(fabs(v - f0) <= 1e-12 * fabs(f0) + 1e-300))
        fail(c->name, what, -1, v, f0, 1e-12 * fabs(f0));
    if (!ccad_tape_empty()) {
        fprintf(stderr, "bench_grad: %s: tape not empty after the %s gradient\n", c->name, which);
        exit(1);
    }
    double gmax = inf_norm(g, c->n), worst = 0.0;
    double *x = malloc((size_t)c->n * sizeof *x);
    memcpy(x, c->in, (size_t)c->n * sizeof *x);
    /* fd_count components spread evenly over the input, all when fd_count >= n */
    int count = c->fd_count < c->n ? c->fd_count : c->n;
    for (int k = 0; k < count; k++) {
        int i = (int)((long long)k * c->n / count);
        double fd = fd_component(c, x, i);
        double tol = TOL_FD_ABS * fmax(gmax, 1.0) + TOL_FD_REL * fabs(g[i]);
        snprintf(what, sizeof what, "%s gradient vs central differences", which);
        if (!(fabs(g[i] - fd) <= tol))
            fail(c->name, what, i, g[i], fd, tol);
        worst = fmax(worst, fabs(g[i] - fd) / fmax(gmax, 1.0));
    }
    free(x);
    return worst;
}

static void check_case(const Case *c)
{
    double *gg = malloc((size_t)c->n * sizeof *gg), *gh = malloc((size_t)c->n * sizeof *gh);
    double e_gen = check_grad(c, c->gen, "cc-ad", gg);
    /* the counting copy is the same code: the same gradient, bit for bit */
    c->counted(c->in, gh);
    for (int i = 0; i < c->n; i++)
        if (gh[i] != gg[i])
            fail(c->name, "counting copy of the cc-ad gradient vs the timed copy", i, gh[i],
                 gg[i], 0.0);
    printf("check %-10s %5d inputs, %4d by central differences: cc-ad fd err %.1e", c->name,
           c->n, c->fd_count < c->n ? c->fd_count : c->n, e_gen);
    if (c->hand) {
        double e_hand = check_grad(c, c->hand, "hand-written", gh);
        double gmax = inf_norm(gg, c->n), tol = TOL_EXACT * gmax, dmax = 0.0;
        for (int i = 0; i < c->n; i++) {
            if (!(fabs(gg[i] - gh[i]) <= tol))
                fail(c->name, "cc-ad gradient vs hand-written gradient", i, gg[i], gh[i], tol);
            dmax = fmax(dmax, fabs(gg[i] - gh[i]));
        }
        printf(", hand fd err %.1e, |cc-ad - hand| / |g| %.1e", e_hand, dmax / gmax);
    }
    printf("  ok\n");
    free(gg);
    free(gh);
}

/* }====================================================================== */

/* {======================================================================
** Timing
** ======================================================================= */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static volatile double sink;

enum { V_PRIMAL, V_GEN, V_HAND, NV };

static double run_batch(const Case *c, int v, long reps, double *g)
{
    double acc = 0.0, t0 = now();
    for (long r = 0; r < reps; r++) {
        if (v == V_PRIMAL)
            acc += c->f(c->in);
        else if (v == V_GEN)
            acc += c->gen(c->in, g);
        else
            acc += c->hand(c->in, g);
    }
    double t = now() - t0;
    sink = acc + g[0];
    return t;
}

/* Timing state of one case: repetitions per batch and best time per call. */
typedef struct Timing {
    long reps[NV];
    double best[NV];
    double *g;
} Timing;

/* Calibrate reps so that one batch of each variant takes >= batch seconds. */
static void calibrate(const Case *c, double batch, Timing *tm)
{
    tm->g = calloc((size_t)c->n, sizeof *tm->g);
    for (int v = 0; v < NV; v++) {
        long r = 1;
        double t;
        tm->reps[v] = 0;
        tm->best[v] = INFINITY;
        if (v == V_HAND && !c->hand)
            continue;
        run_batch(c, v, 1, tm->g); /* warm-up: caches, tape chunks */
        while ((t = run_batch(c, v, r, tm->g)) < batch) {
            double scale = t > 0 ? 1.2 * batch / t : 10.0;
            r = (long)(r * (scale < 2.0 ? 2.0 : scale > 100.0 ? 100.0 : scale));
        }
        tm->reps[v] = r;
    }
}

/* One round: one batch of every variant of the case, keeping the best. */
static void time_round(const Case *c, Timing *tm)
{
    for (int v = 0; v < NV; v++) {
        if (!tm->reps[v])
            continue;
        double t = run_batch(c, v, tm->reps[v], tm->g) / tm->reps[v];
        if (t < tm->best[v])
            tm->best[v] = t;
    }
}

/* Peak tape bytes of one gradient call: ccad_tape_reset_peak() before,
** ccad_tape_peak_bytes() after, around the counting copy (exact) or around
** the timed one (the runtime's sampled figure, a lower bound). */
static size_t peak_tape(const Case *c, flat_grad fn)
{
    double *g = calloc((size_t)c->n, sizeof *g);
    memset(bench_push_count, 0, sizeof bench_push_count);
    ccad_tape_reset_peak();
    sink = fn(c->in, g);
    size_t p = ccad_tape_peak_bytes();
    free(g);
    return p;
}

static void fmt_time(char *buf, size_t n, double s)
{
    if (s < 1e-3)
        snprintf(buf, n, "%.2f us", s * 1e6);
    else
        snprintf(buf, n, "%.3f ms", s * 1e3);
}

static void fmt_bytes(char *buf, size_t n, size_t b)
{
    if (b < 10 * 1024)
        snprintf(buf, n, "%zu B", b);
    else if (b < 10 * 1024 * 1024)
        snprintf(buf, n, "%.1f KiB", b / 1024.0);
    else
        snprintf(buf, n, "%.1f MiB", b / (1024.0 * 1024.0));
}

/* }====================================================================== */

int main(int argc, char **argv)
{
    double batch = argc > 1 ? atof(argv[1]) : 0.025;
    int rounds = argc > 2 ? atoi(argv[2]) : 10;
    const char *only = argc > 3 ? argv[3] : NULL;
    if (!(batch > 0) || rounds < 1 || argc > 4) {
        fprintf(stderr, "usage: %s [BATCH_SECONDS [ROUNDS [CASE]]]\n", argv[0]);
        return 2;
    }

    init_data();
    Case cases[] = {
        {"tridiag", TRIDIAG_NPAR, tri_in, tri_f, tri_gen, tri_hand, tri_cnt, 1e-5, TRIDIAG_NPAR},
        {"loss", LOSS_N, loss_in, loss_f, loss_gen, loss_hnd, loss_cnt, 1e-5, 200},
        {"gmm", GMM_NIN, gmm_in, gmm_f, gmm_gen, gmm_hnd, gmm_cnt, 1e-5, 200},
        {"lstm", LSTM_NIN, lstm_in, lstm_f, lstm_gen, lstm_hnd, lstm_cnt, 1e-5, 200},
        {"lstm-ck10", LSTM_NIN, lstm_in, lstm_ck_f, lstm_ck_gen, lstm_hnd, lstm_ck_cnt, 1e-5, 50},
    };
    enum { NCASES = sizeof cases / sizeof cases[0] };
    int ncases = NCASES;

    printf("cc-ad gradient benchmark (compiled with %s)\n", BENCH_CFLAGS);
    printf("tridiag: n = %d, %d parameters; loss: n = %d; gmm: d = %d, K = %d, n = %d; "
           "lstm: hidden = input = %d, T = %d (lstm-ck10: time loop checkpointed, %d snapshots)\n\n",
           TRIDIAG_N, TRIDIAG_NPAR, LOSS_N, GMM_D, GMM_K, GMM_NPTS, LSTM_B, LSTM_T, LSTM_SNAPS);
    for (int i = 0; i < ncases; i++)
        check_case(&cases[i]);

    /* Rounds go over all cases in turn, so each case's batches are spread
    ** over the whole run and a slow phase of the machine cannot own one case. */
    Timing tm[NCASES];
    int on[NCASES];
    for (int i = 0; i < ncases; i++) {
        on[i] = !only || strcmp(only, cases[i].name) == 0;
        if (on[i])
            calibrate(&cases[i], batch, &tm[i]);
    }
    for (int k = 0; k < rounds; k++)
        for (int i = 0; i < ncases; i++)
            if (on[i])
                time_round(&cases[i], &tm[i]);

    printf("\ntiming: best of %d batches of >= %.3g s each, per call\n\n", rounds, batch);
    printf("%-10s %11s %11s %7s %11s %7s %9s %11s %11s\n", "case", "primal", "cc-ad grad",
           "ratio", "hand grad", "hand", "ours/hand", "peak tape", "peak tape");
    printf("%-10s %11s %11s %7s %11s %7s %9s %11s %11s\n", "", "", "", "grad/f", "", "grad/f",
           "", "(exact)", "(sampled)");
    unsigned long long pushes[NCASES][5];
    for (int i = 0; i < ncases; i++) {
        const Case *c = &cases[i];
        const double *best = tm[i].best;
        char tp[32], tg[32], th[32], pe[32], ps[32];
        memset(pushes[i], 0, sizeof pushes[i]);
        if (!on[i])
            continue;
        fmt_time(tp, sizeof tp, best[V_PRIMAL]);
        fmt_time(tg, sizeof tg, best[V_GEN]);
        fmt_bytes(pe, sizeof pe, peak_tape(c, c->counted));
        memcpy(pushes[i], bench_push_count, sizeof pushes[i]);
        fmt_bytes(ps, sizeof ps, peak_tape(c, c->gen));
        if (c->hand) {
            fmt_time(th, sizeof th, best[V_HAND]);
            printf("%-10s %11s %11s %7.2f %11s %7.2f %9.2f %11s %11s\n", c->name, tp, tg,
                   best[V_GEN] / best[V_PRIMAL], th, best[V_HAND] / best[V_PRIMAL],
                   best[V_GEN] / best[V_HAND], pe, ps);
        } else {
            printf("%-10s %11s %11s %7.2f %11s %7s %9s %11s %11s\n", c->name, tp, tg,
                   best[V_GEN] / best[V_PRIMAL], "-", "-", "-", pe, ps);
        }
        free(tm[i].g);
    }
    int il = -1, ick = -1;
    for (int i = 0; i < ncases; i++) {
        if (strcmp(cases[i].name, "lstm") == 0)
            il = i;
        if (strcmp(cases[i].name, "lstm-ck10") == 0)
            ick = i;
    }
    if (il >= 0 && ick >= 0 && pushes[il][0] + pushes[il][2] > 0 &&
        memcmp(pushes[il], pushes[ick], sizeof pushes[il]) == 0)
        printf("\nnote: lstm-ck10 pushes exactly what lstm pushes: its "
               "`#pragma ad checkpoint(snapshots=%d)` had no effect on the tape\n", LSTM_SNAPS);
    printf("\ntape pushes per cc-ad gradient call (doubles / longs / pointers / branches; "
           "an array of doubles saved whole counts as its doubles, other byte blocks not at all):\n");
    for (int i = 0; i < ncases; i++)
        printf("  %-10s %10llu %10llu %10llu %10llu\n", cases[i].name, pushes[i][0], pushes[i][2],
               pushes[i][3], pushes[i][4]);
    printf("\ngoals: cc-ad gradient <= 3x primal, and within 1.3x of hand-written\n");
    return 0;
}
