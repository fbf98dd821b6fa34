/* grad/checkpoint_swap_owned (probe6): a time stepper that swaps the
** malloc'd buffers themselves (t = a; a = b; b = t;), the usual way to
** write it, had '#pragma ad checkpoint' refused: "cannot tell the size of
** the memory it writes through 'a' (malloc it in this function ...)", which
** it does. Pointers that trade buffers of one size (every write a malloc
** of that size, n * sizeof *a and n * sizeof *b alike, or a copy of
** another of them) now have that size (adjoint_prep.c's swap_extent).
** Oracle: the same loop without the pragma, bitwise, and differences; the
** tape stays flat in the step count.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

static void step(const double *u, double *v, int n)
{
    for (int i = 0; i < n; i++)
        v[i] = 0.6 * u[i] + 0.3 * sin(u[(i + 1) % n]);
}

double heat(const double *u0, int n, int T)
{
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *t;
    memcpy(a, u0, n * sizeof *a);
#pragma ad checkpoint(snapshots=3)
    for (int k = 0; k < T; k++) {
        step(a, b, n);
        t = a; a = b; b = t;
    }
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += a[i] * a[i];
    free(a);
    free(b);
    return s;
}

double heat_taped(const double *u0, int n, int T)
{
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *t;
    memcpy(a, u0, n * sizeof *a);
    for (int k = 0; k < T; k++) {
        step(a, b, n);
        t = a; a = b; b = t;
    }
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += a[i] * a[i];
    free(a);
    free(b);
    return s;
}

#pragma ad grad(heat) wrt(u0[n])
#pragma ad grad(heat_taped) wrt(u0[n])

#include "checkpoint_swap_owned.ad.h"

enum { N = 6 };

int main(void)
{
    OracleRng r = oracle_rng(17);
    double u[N], g[N], gt[N];
    oracle_fill_uniform(&r, u, N, -1.0, 1.0);
    int counts[] = {0, 1, 5, 200};
    for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
        int T = counts[c];
        ccad_tape_reset_peak();
        double y = heat_grad(u, g, N, T);
        size_t peak = ccad_tape_peak_bytes();
        ccad_tape_reset_peak();
        double yt = heat_taped_grad(u, gt, N, T);
        size_t peak_taped = ccad_tape_peak_bytes();
        CHECK_TRUE("value as taped", y == yt);
        CHECK_TRUE("gradient as taped, bitwise", memcmp(g, gt, sizeof g) == 0);
        CHECK_CLOSE("value = primal", y, heat(u, N, T), 0, 0);
        if (T == 200) {
            CHECK_TRUE("checkpointed tape under a tenth of the taped one", peak * 10 < peak_taped);
            for (int j = 0; j < N; j++) {
                double up[N], um[N], h = 1e-6;
                memcpy(up, u, sizeof u);
                memcpy(um, u, sizeof u);
                up[j] += h;
                um[j] -= h;
                CHECK_CLOSE("gradient vs differences", g[j], (heat(up, N, T) - heat(um, N, T)) / (2 * h), 1e-5, 1e-7);
            }
        }
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
