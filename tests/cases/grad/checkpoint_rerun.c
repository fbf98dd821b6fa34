// EXPECT-WARNING: an iteration run again would call 'rand' again
// EXPECT-WARNING: an iteration run again would call 'fprintf' again
/*
** grad/checkpoint_rerun: checkpointed loops whose iterations call functions
** cc-ad cannot see into: rand() (a noisy multiplicative factor) and fprintf
** (a progress line). Recomputing an iteration from a snapshot would draw
** other random numbers (a wrong gradient: it once did) and print the line
** again (the contract: such calls run exactly as often as in the original).
** cc-ad tapes those loops in full with a warning naming the call. A printf
** whose format is a string literal once also read as a write through an
** unknown pointer. Oracles: central differences of the primal run with the
** same seed, and the bytes the log receives, compared with the primal's.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ccad_oracle.h"

FILE *progress;

double run(const double *x, int n, int steps)
{
    double s = 0.5;
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < steps; t++) {
        double noise = (double)rand() / RAND_MAX;
        s = s * (0.9 + 0.1 * noise) + sin(x[t % n] * s);
    }
    int k = 0;
#pragma ad checkpoint(snapshots=2)
    while (s < 40 && k < 30) {
        fprintf(progress, "k=%d s=%g\n", k, s);
        s += x[k % n] * x[k % n] + 0.25;
        k++;
    }
    return s;
}

#pragma ad grad(run) wrt(x[n])

#include "checkpoint_rerun.ad.h"

enum { N = 3, STEPS = 12 };

int main(void)
{
    double x[N] = {0.4, 1.1, -0.6}, g[N], h = 1e-6;
    progress = tmpfile();
    srand(7);
    double want = run(x, N, STEPS);
    long primal_bytes = ftell(progress);
    rewind(progress);
    srand(7);
    CHECK_CLOSE("grad value", run_grad(x, g, N, STEPS), want, 1e-15, 0);
    oracle_check_eq_long("log bytes written by run_grad", ftell(progress), primal_bytes);
    for (int i = 0; i < N; i++) {
        double t = x[i];
        x[i] = t + h;
        srand(7);
        double fp = run(x, N, STEPS);
        x[i] = t - h;
        srand(7);
        double fm = run(x, N, STEPS);
        x[i] = t;
        CHECK_CLOSE("grad vs fd", g[i], (fp - fm) / (2 * h), 1e-6, 1e-8);
    }
    fclose(progress);
    return oracle_result();
}
