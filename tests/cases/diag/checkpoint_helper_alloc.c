// EXPECT-EXIT: 0
// EXPECT-DIAG: checkpoint_taped
// EXPECT-STDERR: warning: '#pragma ad checkpoint' is not applied, and the loop is taped in full: an iteration allocates memory that it does not free, or frees memory allocated before it, which running an iteration again would repeat
/* A checkpointed loop whose iteration keeps a block a helper allocates for
** the next iteration, which frees it: running an iteration again would free
** the block it got from the iteration before once more (and allocate its
** own again). A block an iteration allocates and frees (a helper's scratch
** buffer) keeps the checkpoint (grad/ckpt_callee_malloc_free); this loop is
** taped in full instead, with this warning. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double *copy_of(const double *u, int n)
{
    double *c = malloc((size_t)n * sizeof *c);
    memcpy(c, u, (size_t)n * sizeof *c);
    return c;
}

double simulate(const double *k, double *u, int n)
{
    double acc = 0, *last = copy_of(u, n);
#pragma ad checkpoint(snapshots=3)
    for (int it = 0; it < 50; it++) {
        for (int i = 0; i < n; i++) u[i] = last[i] + 0.05 * k[i] * sin(last[i]);
        free(last);
        last = copy_of(u, n);
        acc += u[it % n];
    }
    free(last);
    return acc;
}

#pragma ad grad(simulate) wrt(k[n], u[n])
