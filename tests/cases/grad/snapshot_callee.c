/*
** grad/snapshot_callee: a helper that fills an array its caller passes and
** then increments it (gradbench's Qtimesx: out[i] = ..., then out[j] += ...
** for j > i), where the caller's caller still needs the array's old
** contents: windows of one buffer that overlap, each read again by the
** backward code of the call before. The helper writes only out[0 .. d), so
** its forward function saves those d values once on entry and its backward
** function puts them back at its end (tool/transform/adjoint_snapshot.c),
** instead of saving every element before every write (d (d + 1) / 2
** values). The same helper with a write it cannot bound (out[k] with k
** from the data) keeps its element saves.
** Oracles: central differences, the dot-product test with jvp; the tape's
** peak.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty, ccad_tape_peak_bytes */
#include "ccad_oracle.h"

static void Qtimesx(int d, const double *Qdiag, const double *ltri, const double *x, double *out)
{
    for (int i = 0; i < d; i++)
        out[i] = Qdiag[i] * x[i];
    int Lparamsidx = 0;
    for (int i = 0; i < d; i++)
        for (int j = i + 1; j < d; j++) {
            out[j] += ltri[Lparamsidx] * x[i];
            Lparamsidx++;
        }
}

/* d values of work, mapped through sin: reads what Qtimesx wrote */
static double term(int d, const double *q, const double *l, const double *x, double *work)
{
    Qtimesx(d, q, l, x, work);
    double s = 0.0;
    for (int i = 0; i < d; i++)
        s += sin(work[i]);
    return s;
}

/* windows &buf[3 r] of d values overlap: each call overwrites most of what
** the call before wrote, and that call's backward code reads it; x holds
** the diagonal (d), the lower triangle (d (d - 1) / 2) and the points */
#define D 16
#define CALLS 64
double windows(const double *x, int n)
{
    double *buf = malloc((size_t)(D + 3 * CALLS) * sizeof *buf);
    for (int i = 0; i < D + 3 * CALLS; i++)
        buf[i] = 0.0;
    double s = 0.0;
    for (int r = 0; r < CALLS && n > 0; r++)
        s += term(D, x, x + D, x + (r % 2) * D, &buf[3 * r]) * (1.0 + 0.01 * r);
    free(buf);
    return s;
}

/* out[k] at a k read from the data: no bound, element saves */
static void scatter_add(int d, const double *x, const int *at, double *out)
{
    for (int i = 0; i < d; i++)
        out[at[i]] += x[i] * x[i];
}

double scattered(const double *x, int n)
{
    int at[8] = {3, 0, 3, 7, 1, 1, 6, 2};
    double *buf = calloc(8 + 2 * 4, sizeof *buf);
    double s = 0.0;
    for (int r = 0; r < 4; r++) {
        scatter_add(8 < n ? 8 : n, x + r, at, &buf[2 * r]);
        for (int i = 0; i < 8; i++)
            s += cos(buf[2 * r + i]);
    }
    free(buf);
    return s;
}

#pragma ad grad(windows) wrt(x[n])
#pragma ad vjp(windows) wrt(x[n])
#pragma ad jvp(windows) wrt(x[n])
#pragma ad grad(scattered) wrt(x[n])
#pragma ad vjp(scattered) wrt(x[n])
#pragma ad jvp(scattered) wrt(x[n])

#include "snapshot_callee.ad.h"

#define N (D + D * (D - 1) / 2)
ORACLE_XN_WRAPPERS(windows, N)
ORACLE_XN_WRAPPERS(scattered, 12)

int main(void)
{
    OracleRng rng = oracle_rng(777);
    ORACLE_XN_CHECKS(windows, N, rng);
    ORACLE_XN_CHECKS(scattered, 12, rng);
    /* saved element by element, 64 calls would tape d (d + 1) / 2 = 136
    ** doubles each, 70 KB; one snapshot of d = 16 doubles per call is 8 KB */
    double x[N], g[N];
    for (int i = 0; i < N; i++)
        x[i] = 0.01 * i - 0.5;
    ccad_tape_reset_peak();
    windows_grad(x, g, N);
    CHECK_TRUE("windows: peak tape <= 16 KiB", ccad_tape_peak_bytes() <= 16 * 1024);
    CHECK_TRUE("windows: the tape is empty after", ccad_tape_empty());
    return oracle_result();
}
