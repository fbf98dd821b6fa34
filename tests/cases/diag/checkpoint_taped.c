// EXPECT-EXIT: 0
// EXPECT-DIAG: checkpoint_taped
// EXPECT-STDERR: FILE:21:5: warning: '#pragma ad checkpoint' is not applied
// EXPECT-STDERR: cannot tell the size of the memory it writes through 'u'
/* A checkpointed loop whose state cc-ad cannot save: a helper writes the
** caller's buffer u, whose size nothing in smooth gives. The loop is taped
** in full instead (a correct gradient, more memory), with a warning that
** says why and what to write. */
#include <stdlib.h>
#include <string.h>

static void relax(double *u, int n)
{
    for (int i = 1; i < n; i++)
        u[i] = 0.5 * (u[i] + u[i - 1] * u[i - 1]);
}

static double smooth(double *u, int n, int sweeps)
{
#pragma ad checkpoint(snapshots=4)
    for (int s = 0; s < sweeps; s++)
        relax(u, n);
    return u[n - 1];
}

double run(const double *x, int n)
{
    double *w = malloc((size_t)n * sizeof *w);
    memcpy(w, x, (size_t)n * sizeof *w);
    double r = smooth(w, n, 3);
    free(w);
    return r;
}

#pragma ad grad(run) wrt(x[n])
