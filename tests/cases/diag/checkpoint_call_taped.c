// EXPECT-EXIT: 0
// EXPECT-DIAG: checkpoint_taped
// EXPECT-STDERR: FILE:15:31: warning: '#pragma ad checkpoint' is not applied, and the call is taped in full: the checkpointed call run again would call 'rand' again
// EXPECT-STDERR: call it outside the checkpointed call, or drop the checkpoint
/* A checkpointed call (not a loop) whose helper draws random numbers:
** running the call again in the backward sweep would draw others, so it
** is taped in full, and the warning speaks of the call, not of a loop
** (it used to say "the loop is taped in full ... call it outside the
** loop"). */
#include <math.h>
#include <stdlib.h>

static double jitter(double *u, int n)
{
    double s = 0, r = (double)rand() / RAND_MAX;
    for (int i = 0; i < n; i++) {
        u[i] = sin(u[i]) + 1e-3 * r;
        s += u[i];
    }
    return s;
}

double f(const double *x, int n)
{
    double *u = malloc((size_t)n * sizeof *u);
    for (int i = 0; i < n; i++)
        u[i] = x[i];
    double s;
#pragma ad checkpoint
    s = jitter(u, n);
    free(u);
    return s * s;
}

#pragma ad grad(f) wrt(x[n])
