/*
** bench/bench_ba.c: the Jacobian of a whole bundle-adjustment problem
** (jac_models.c's ba_objective, GradBench's objective as written), part of
** bench_jac. Three ways, each against the objective's time:
**   sparse jacfwd: ba_objective_jacfwd (columns coloured; vector sweeps),
**   sparse jacrev: ba_objective_jacrev (rows coloured),
**   per block:     compute_reproj_error_jacrev per observation (one
**                  forward sweep, one backward sweep carrying both rows)
**                  and -2 w_i for the weights' residuals, the way GradBench's
**                  hand-written and Tapenade entries assemble it.
** The sparse drivers find the pattern on their first call (timed apart);
** later calls reuse it. Before timing, both sparse results are checked
** against the per-block entries, entry by entry (1e-9 of the largest).
*/
#define _POSIX_C_SOURCE 199309L /* clock_gettime (bench_timer.h) under -std=c11 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ccad.h"
#include "bench_timer.h"
#include "jac_models.h"
#include "jac_models.ad.h"

typedef struct BA {
    int n, m, p;
    double *cams, *X, *w, *feats, *err, *werr, *blk, *wd;
    int *obs;
    ccad_csr Jf, Jr;
} BA;

static uint64_t ba_rng = 0x243F6A8885A308D3ull;

static double ba_urand(void)
{
    ba_rng ^= ba_rng << 13;
    ba_rng ^= ba_rng >> 7;
    ba_rng ^= ba_rng << 17;
    return (double)(ba_rng >> 11) * 0x1.0p-53;
}

/* n cameras 10 units behind the scene, looking at it (small rotations),
** m points in the unit cube around the origin, each seen by k cameras */
static void ba_init(BA *B, int n, int m, int k)
{
    B->n = n;
    B->m = m;
    B->p = m * k;
    B->cams = malloc(sizeof(double) * 11 * (size_t)n);
    B->X = malloc(sizeof(double) * 3 * (size_t)m);
    B->w = malloc(sizeof(double) * (size_t)B->p);
    B->feats = malloc(sizeof(double) * 2 * (size_t)B->p);
    B->err = malloc(sizeof(double) * 2 * (size_t)B->p);
    B->werr = malloc(sizeof(double) * (size_t)B->p);
    B->blk = malloc(sizeof(double) * 30 * (size_t)B->p);
    B->wd = malloc(sizeof(double) * (size_t)B->p);
    B->obs = malloc(sizeof(int) * 2 * (size_t)B->p);
    for (int c = 0; c < n; c++) {
        double *cam = B->cams + 11 * c;
        const double base[11] = {0.1, -0.05, 0.02, 0.0, 0.0, -10.0, 400.0, 0.5, -0.3, 1e-3, -2e-4};
        for (int j = 0; j < 11; j++)
            cam[j] = base[j] + (j < 6 ? 0.2 * (ba_urand() - 0.5) : 0.01 * base[j] * (ba_urand() - 0.5));
    }
    for (int q = 0; q < 3 * m; q++)
        B->X[q] = ba_urand() - 0.5;
    for (int q = 0; q < m; q++)
        for (int j = 0; j < k; j++) {
            int i = q * k + j;
            B->obs[2 * i] = (q + j * (n / k > 0 ? n / k : 1)) % n;
            B->obs[2 * i + 1] = q;
            B->w[i] = 0.8 + 0.2 * ba_urand();
        }
    double zero[2] = {0.0, 0.0};
    for (int i = 0; i < B->p; i++) {
        double e[2];
        compute_reproj_error(B->cams + 11 * B->obs[2 * i], B->X + 3 * B->obs[2 * i + 1], &B->w[i], zero, e);
        B->feats[2 * i] = e[0] / B->w[i] + ba_urand() - 0.5;
        B->feats[2 * i + 1] = e[1] / B->w[i] + ba_urand() - 0.5;
    }
    B->Jf = (ccad_csr){0};
    B->Jr = (ccad_csr){0};
}

static void ba_free(BA *B)
{
    free(B->cams);
    free(B->X);
    free(B->w);
    free(B->feats);
    free(B->err);
    free(B->werr);
    free(B->blk);
    free(B->wd);
    free(B->obs);
    ccad_csr_free(&B->Jf);
    ccad_csr_free(&B->Jr);
}

static void t_ba(void *c)
{
    BA *B = c;
    ba_objective(B->n, B->m, B->p, B->cams, B->X, B->w, B->obs, B->feats, B->err, B->werr);
}
static void t_ba_fwd(void *c)
{
    BA *B = c;
    ba_objective_jacfwd(B->n, B->m, B->p, B->cams, B->X, B->w, B->obs, B->feats, B->err, B->werr, &B->Jf);
}
static void t_ba_rev(void *c)
{
    BA *B = c;
    ba_objective_jacrev(B->n, B->m, B->p, B->cams, B->X, B->w, B->obs, B->feats, B->err, B->werr, &B->Jr);
}
/* per block: the 2 x 15 block of each observation, and the weights' -2 w_i */
static void t_ba_blocks(void *c)
{
    BA *B = c;
    for (int i = 0; i < B->p; i++)
        compute_reproj_error_jacrev(B->cams + 11 * B->obs[2 * i], B->X + 3 * B->obs[2 * i + 1], &B->w[i],
                                    B->feats + 2 * i, B->err + 2 * i, B->blk + 30 * i);
    for (int i = 0; i < B->p; i++) {
        B->werr[i] = 1 - B->w[i] * B->w[i];
        B->wd[i] = -2 * B->w[i];
    }
}

/* entry (row, col) of a CSR matrix, 0 where none */
static double csr_at(const ccad_csr *a, int row, int col)
{
    for (int k = a->rowptr[row]; k < a->rowptr[row + 1]; k++)
        if (a->col[k] == col)
            return a->val[k];
    return 0.0;
}

/* both sparse Jacobians against the per-block entries; returns 0 on a mismatch.
** 29 entries per observation: its two rows have 14 each (u0 moves only the
** first residual, v0 only the second), its weight's row one. */
static int ba_check(BA *B)
{
    t_ba_blocks(B);
    double big = 0.0;
    for (long i = 0; i < 30L * B->p; i++)
        big = fmax(big, fabs(B->blk[i]));
    const ccad_csr *J[2] = {&B->Jf, &B->Jr};
    const char *name[2] = {"jacfwd", "jacrev"};
    int ncols = 11 * B->n + 3 * B->m + B->p, ok = 1;
    for (int s = 0; s < 2; s++) {
        if (J[s]->nrows != 3 * B->p || J[s]->ncols != ncols || J[s]->nnz != 29 * B->p) {
            printf("ba_objective %s sparse: %d x %d with %d entries, want %d x %d with %d: FAIL\n", name[s],
                   J[s]->nrows, J[s]->ncols, J[s]->nnz, 3 * B->p, ncols, 29 * B->p);
            ok = 0;
            continue;
        }
        double worst = 0.0;
        for (int i = 0; i < B->p; i++) {
            int c = B->obs[2 * i], q = B->obs[2 * i + 1];
            for (int r = 0; r < 2; r++)
                for (int j = 0; j < 15; j++) {
                    int col = j < 11 ? 11 * c + j : j < 14 ? 11 * B->n + 3 * q + (j - 11) : 11 * B->n + 3 * B->m + i;
                    worst = fmax(worst, fabs(csr_at(J[s], 2 * i + r, col) - B->blk[30 * i + 15 * r + j]));
                }
            worst = fmax(worst, fabs(csr_at(J[s], 2 * B->p + i, 11 * B->n + 3 * B->m + i) - B->wd[i]));
        }
        int good = worst <= 1e-9 * big;
        printf("check ba_objective %s sparse (%d x %d, %d entries, %d colours) = per-block entries: max diff / "
               "max|J| %.1e  %s\n",
               name[s], J[s]->nrows, J[s]->ncols, J[s]->nnz, ccad_csr_colors(J[s]), worst / big,
               good ? "ok" : "FAIL");
        ok &= good;
    }
    return ok;
}

/* Runs the section; returns 0 when a check failed. */
int bench_ba(double batch, int rounds)
{
    BA B;
    ba_init(&B, 20, 1000, 4);
    printf("\nbundle adjustment, the whole problem: %d cameras, %d points, %d observations (%d x %d "
           "Jacobian)\n\n",
           B.n, B.m, B.p, 3 * B.p, 11 * B.n + 3 * B.m + B.p);
    double t0 = now();
    t_ba_fwd(&B);
    double first_fwd = now() - t0;
    t0 = now();
    t_ba_rev(&B);
    double first_rev = now() - t0;
    int ok = ba_check(&B);
    if (!ok) {
        ba_free(&B);
        return 0;
    }
    Timer tm[4] = {{t_ba, &B, 0, 0}, {t_ba_fwd, &B, 0, 0}, {t_ba_rev, &B, 0, 0}, {t_ba_blocks, &B, 0, 0}};
    for (int i = 0; i < 4; i++)
        calibrate(&tm[i], batch);
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < 4; i++)
            time_batch(&tm[i]);
    char a[32], b[32];
    double tf = tm[0].best;
    printf("\n%-40s %11s %9s %13s\n", "", "per call", "x f", "first call");
    printf("%-40s %11s %9s\n", "ba_objective", fmt_time(a, sizeof a, tf), "1");
    printf("%-40s %11s %9.2f %13s\n", "jacfwd sparse (pattern reused)", fmt_time(a, sizeof a, tm[1].best),
           tm[1].best / tf, fmt_time(b, sizeof b, first_fwd));
    printf("%-40s %11s %9.2f %13s\n", "jacrev sparse (pattern reused)", fmt_time(a, sizeof a, tm[2].best),
           tm[2].best / tf, fmt_time(b, sizeof b, first_rev));
    printf("%-40s %11s %9.2f\n", "jacrev per 2 x 15 block (vector sweep)", fmt_time(a, sizeof a, tm[3].best),
           tm[3].best / tf);
    printf("\n(GradBench's figures for this Jacobian: hand-written 5.2 x f, Tapenade 11.4; the goals: the "
           "sparse driver <= 5, per-block jacrev <= 6)\n");
    ba_free(&B);
    return ok;
}
