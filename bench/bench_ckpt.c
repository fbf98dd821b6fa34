/*
** bench_ckpt: checkpointed loops (#pragma ad checkpoint) in one run: the
** explicit Euler loop of euler.c (64 oscillators) for STEPS steps (default
** 10^6) with 20 snapshots, as a counted for loop and as a while loop of
** unknown length, against the primal and revolve's recomputation count,
** and the fully taped gradient for STEPS/10 steps (its tape grows with the
** steps). Prints times, ratios, tape bytes and the growth of the process's
** peak resident memory over the primal's; checks the gradients agree.
**
**   ./build/bench/bench_ckpt [STEPS]
*/
#define _POSIX_C_SOURCE 200112L /* clock_gettime, getrusage under -std=c11 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ccad.h"
#include "euler.ad.h"

double euler_ck(const double *x0, const double *k, int n, int steps, double dt);

enum { N = 64 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double maxrss_mib(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_maxrss / 1024.0;
}

int main(int argc, char **argv)
{
    int steps = argc > 1 ? atoi(argv[1]) : 1000000;
    const int K = 20;
    const double dt = 1e-3;
    double x0[N], k[N], g[2 * N], gw[2 * N], gt[2 * N], gs[2 * N];
    for (int i = 0; i < N; i++) {
        x0[i] = 0.5 * sin(0.3 * i);
        k[i] = 1.0 + 0.01 * i;
    }
    double t0 = now();
    double e = euler_ck(x0, k, N, steps, dt);
    double t_primal = now() - t0;
    double rss_primal = maxrss_mib();

    ccad_checkpoint_reset_counts();
    ccad_tape_reset_peak();
    t0 = now();
    double eg = euler_ck_grad(x0, g, k, g + N, N, steps, dt);
    double t_ck = now() - t0;
    long again = ccad_checkpoint_recomputations();
    size_t peak_ck = ccad_tape_peak_bytes();
    double rss_ck = maxrss_mib();

    ccad_tape_reset_peak();
    t0 = now();
    double ew = euler_while_grad(x0, gw, k, gw + N, N, steps * dt, dt);
    double t_while = now() - t0;
    size_t peak_while = ccad_tape_peak_bytes();
    double rss_while = maxrss_mib();

    /* fully taped, on a tenth of the steps: against the checkpointed one on as many */
    int short_steps = steps / 10;
    ccad_tape_reset_peak();
    t0 = now();
    euler_taped_grad(x0, gt, k, gt + N, N, short_steps, dt);
    double t_taped = now() - t0;
    size_t peak_taped = ccad_tape_peak_bytes();
    euler_ck_grad(x0, gs, k, gs + N, N, short_steps, dt);

    long extra = ccad_binomial_extra_steps(steps, K);
    int rep = 0;  /* revolve's repetition number: the least r with C(K + r, K) >= steps */
    for (double b = 1; b < steps; rep++)
        b = b * (K + rep + 1) / (rep + 1);
    printf("bench_ckpt: explicit Euler, %d oscillators, %d steps, %d snapshots\n", N, steps, K);
    printf("  primal                 %8.3f s\n", t_primal);
    printf("  grad, checkpointed for %8.3f s  %6.2f x primal  (revolve: %ld extra steps = %.2f per step, "
           "each step run at most %d times; goal <= %d x)\n", t_ck, t_ck / t_primal, extra, (double)extra / steps,
           rep, rep + 2);
    printf("  grad, checkpointed while %6.3f s  %6.2f x primal  %5.2f x the for loop (goal <= 1.5 x)\n",
           t_while, t_while / t_primal, t_while / t_ck);
    printf("  iterations run untaped: %ld (revolve's optimum %ld, plus the last one for the result)\n", again, extra);
    printf("  tape peak: for %zu bytes, while %zu bytes; peak RSS over the primal's: for %.2f MiB, "
           "while %.2f MiB (goal <= 4 MiB)\n", peak_ck, peak_while, rss_ck - rss_primal, rss_while - rss_primal);
    printf("  fully taped, %d steps: %.3f s, tape %.1f MiB (%.0f bytes per step)\n", short_steps, t_taped,
           (double)peak_taped / (1 << 20), (double)peak_taped / (short_steps ? short_steps : 1));
    int same = memcmp(gs, gt, sizeof gt) == 0;
    printf("  checkpointed gradient == fully taped (%d steps), bitwise: %s; value %.17g == %.17g: %s; "
           "for == while: %s\n", short_steps, same ? "yes" : "NO", eg, e, eg == e ? "yes" : "NO",
           memcmp(g, gw, sizeof g) == 0 && ew == eg ? "yes" : "NO");
    return same && eg == e ? 0 : 1;
}
