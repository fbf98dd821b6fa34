/* OPEN (probe12): MEMORY/TIME: the gradient of a pair-potential energy (a
** Lennard-Jones sum over i < j with a local double d[3] rewritten for each
** pair: d[k] = x[i][k] - x[j][k]; d[k] -= box * round(d[k] / box); r2, s6)
** tapes about 65 bytes per pair: the old values of d[0..2] (twice each: before
** each of the two stores), r2 and s6 before they are overwritten, a branch
** flag, the loop counters. All of them are recomputable from x, which the loop
** does not change (a hand-written adjoint, or the code's own force routine,
** stores nothing), and they are dead at the next pair. n = 1500 atoms: 63 MiB
** of tape, grad / energy = 3.8-4.2 (gcc -O2, realc/lj_md's code).
** Expected: tape peak < 256 KiB for 200 atoms (19,900 pairs, all inside the
** cutoff); got ~1.3 MiB. Run: run_case.sh ... pair_loop_tape_per_pair.c */
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double lj_energy(const double (*x)[3], int n, double box)
{
    double epot = 0.0;
    for (int i = 0; i < n - 1; i++)
        for (int j = i + 1; j < n; j++) {
            double d[3], r2 = 0.0;
            for (int k = 0; k < 3; k++) {
                d[k] = x[i][k] - x[j][k];
                d[k] -= box * round(d[k] / box);
                r2 += d[k] * d[k];
            }
            if (r2 < 6.25) {
                double s6 = 1.0 / (r2 * r2 * r2);
                epot += 4.0 * (s6 * s6 - s6);
            }
        }
    return epot;
}
#pragma ad grad(lj_energy) wrt(x[n][3])

#include "pair_loop_tape_per_pair.ad.h"

#define NA 200
int main(void)
{
    static double x[NA][3], g[NA][3];
    for (int a = 0; a < NA; a++) for (int k = 0; k < 3; k++) x[a][k] = 0.3 * ((a * 7 + k * 13) % 17) + 0.01 * a;
    lj_energy_grad((const double (*)[3])x, g, NA, 100.0);
    ccad_tape_reset_peak();
    lj_energy_grad((const double (*)[3])x, g, NA, 100.0);
    size_t peak = ccad_tape_peak_bytes();
    printf("tape peak %zu bytes for %d pairs (%.1f per pair)\n", peak, NA * (NA - 1) / 2, (double)peak / (NA * (NA - 1) / 2));
    CHECK_TRUE("tape independent of the number of pairs", peak < 256 * 1024);
    return oracle_result();
}
