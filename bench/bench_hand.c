/*
** bench/bench_hand.c: the Jacobian of a skinned hand (jac_models.c's
** hand_objective, shaped as GradBench's hand tracking: bone transforms
** down each finger, vertices blended between two bones), 26 parameters
** -> 3 nv residuals, by hand_objective_jacfwd (two vector sweeps of 14
** directions) and by its sparse variant (8 colours and the check
** direction in one sweep, the pattern reused), against the objective's
** time; part of bench_jac. Checked first against central differences on
** every column, the sparse result against the dense one.
*/
#define _POSIX_C_SOURCE 199309L /* clock_gettime (bench_timer.h) under -std=c11 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_timer.h"
#include "jac_models.h"
#include "jac_models.ad.h"

enum { HAND_NV = 2000, HAND_NP = 26 };

typedef struct Hand {
    double theta[HAND_NP], *rest, *wt, *target, *err, *jac;
    int *bone;
} Hand;

static void hand_init(Hand *H)
{
    unsigned s = 12345u;
#define HRAND() ((s = s * 1103515245u + 12345u), (double)((s >> 8) & 0xffff) / 65536.0)
    H->rest = malloc(sizeof(double) * 3 * HAND_NV);
    H->wt = malloc(sizeof(double) * 2 * HAND_NV);
    H->target = malloc(sizeof(double) * 3 * HAND_NV);
    H->err = malloc(sizeof(double) * 3 * HAND_NV);
    H->jac = malloc(sizeof(double) * 3 * HAND_NV * HAND_NP);
    H->bone = malloc(sizeof(int) * 2 * HAND_NV);
    for (int k = 0; k < HAND_NP; k++)
        H->theta[k] = 0.3 * (HRAND() - 0.5);
    for (int v = 0; v < HAND_NV; v++) {
        int b = v % 21, parent = b == 0 ? 0 : (b - 1) % 4 == 0 ? 0 : b - 1;
        H->bone[2 * v] = b;
        H->bone[2 * v + 1] = parent;
        double a = 0.5 + 0.5 * HRAND();
        H->wt[2 * v] = a;
        H->wt[2 * v + 1] = 1 - a;
        for (int k = 0; k < 3; k++) {
            H->rest[3 * v + k] = 0.05 * (HRAND() - 0.5) + (k == 1 ? 0.1 : 0.0);
            H->target[3 * v + k] = HRAND() - 0.5;
        }
    }
#undef HRAND
}

static void t_hand(void *c)
{
    Hand *H = c;
    hand_objective(H->theta, H->rest, H->bone, H->wt, H->target, HAND_NV, H->err);
}
static void t_hand_fwd(void *c)
{
    Hand *H = c;
    hand_objective_jacfwd(H->theta, H->rest, H->bone, H->wt, H->target, HAND_NV, H->err, H->jac);
}
static ccad_csr hand_csr;
static void t_hand_sparse(void *c)
{
    Hand *H = c;
    hand_objective_jacfwd_sparse(H->theta, H->rest, H->bone, H->wt, H->target, HAND_NV, H->err, &hand_csr);
}

/* every column against central differences (h = 1e-5: error ~1e-10 of
** the entries' O(1) scale); returns 0 on a mismatch */
static int hand_check(Hand *H)
{
    t_hand_fwd(H);
    double *ep = malloc(sizeof(double) * 3 * HAND_NV), *em = malloc(sizeof(double) * 3 * HAND_NV);
    double worst = 0.0, big = 0.0;
    for (int j = 0; j < HAND_NP; j++) {
        double keep = H->theta[j], h = 1e-5;
        H->theta[j] = keep + h;
        hand_objective(H->theta, H->rest, H->bone, H->wt, H->target, HAND_NV, ep);
        H->theta[j] = keep - h;
        hand_objective(H->theta, H->rest, H->bone, H->wt, H->target, HAND_NV, em);
        H->theta[j] = keep;
        for (int r = 0; r < 3 * HAND_NV; r++) {
            double fd = (ep[r] - em[r]) / (2 * h), got = H->jac[(long)r * HAND_NP + j];
            worst = fmax(worst, fabs(got - fd));
            big = fmax(big, fabs(fd));
        }
    }
    free(ep);
    free(em);
    int ok = worst <= 1e-6 * fmax(big, 1.0);
    printf("check hand_objective %d x %d: jacfwd by central differences on every column: fd err %.1e  %s\n",
           3 * HAND_NV, HAND_NP, worst / fmax(big, 1.0), ok ? "ok" : "FAIL");
    /* the sparse result: the dense one's non-zeros, the same values */
    t_hand_sparse(H);
    long nz = 0, inside = 0;
    double diff = 0.0;
    for (int r = 0; r < 3 * HAND_NV; r++)
        for (int j = 0; j < HAND_NP; j++)
            nz += H->jac[(long)r * HAND_NP + j] != 0.0;
    for (int r = 0; r < 3 * HAND_NV; r++)
        for (int k = hand_csr.rowptr[r]; k < hand_csr.rowptr[r + 1]; k++) {
            double d = H->jac[(long)r * HAND_NP + hand_csr.col[k]];
            inside += d != 0.0;
            diff = fmax(diff, fabs(hand_csr.val[k] - d));
        }
    int sok = hand_csr.nnz == nz && inside == nz && diff <= 1e-12 * fmax(big, 1.0);
    printf("check hand_objective jacfwd sparse (%ld entries, %d colours) = dense: max diff %.1e  %s\n", (long)hand_csr.nnz,
           ccad_csr_colors(&hand_csr), diff, sok ? "ok" : "FAIL");
    return ok && sok;
}

/* Runs the section; returns 0 when the check failed. */
int bench_hand(double batch, int rounds)
{
    Hand H;
    hand_init(&H);
    printf("\nhand tracking: %d parameters -> %d residuals (%d vertices, 21 bones)\n\n", HAND_NP, 3 * HAND_NV,
           HAND_NV);
    int ok = hand_check(&H);
    if (ok) {
        Timer tm[3] = {{t_hand, &H, 0, 0}, {t_hand_fwd, &H, 0, 0}, {t_hand_sparse, &H, 0, 0}};
        for (int i = 0; i < 3; i++)
            calibrate(&tm[i], batch);
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < 3; i++)
                time_batch(&tm[i]);
        char a[32], b[32], c[32];
        printf("\n%11s %11s %9s %15s %9s\n", "objective", "jacfwd", "fwd/f", "jacfwd sparse", "sparse/f");
        printf("%11s %11s %9.2f %15s %9.2f\n", fmt_time(a, sizeof a, tm[0].best), fmt_time(b, sizeof b, tm[1].best),
               tm[1].best / tm[0].best, fmt_time(c, sizeof c, tm[2].best), tm[2].best / tm[0].best);
        printf("\n(GradBench's hand Jacobian: Tapenade 68-78 x f; the goal: jacfwd <= 15; sparse: the pattern reused)\n");
    }
    free(H.rest);
    free(H.wt);
    free(H.target);
    free(H.err);
    free(H.jac);
    free(H.bone);
    ccad_csr_free(&hand_csr);
    return ok;
}
