// EXPECT-EXIT: 0
// EXPECT-DIAG: checkpoint_taped
// EXPECT-STDERR: warning: '#pragma ad checkpoint' is not applied, and the loop is taped in full: a function it calls allocates memory, which running an iteration again would repeat
/* A checkpointed loop whose helper mallocs a scratch buffer and frees it:
** the helper's backward function frees the buffer, and an iteration that
** the checkpoint schedule advances without taping never runs it, so each
** such iteration would leak the buffer (LeakSanitizer saw 1,305 of them in
** a first version of grad/checkpoint_struct_state). The loop is taped in
** full instead, with this warning; a local array in the helper keeps the
** checkpoint (grad/checkpoint_struct_state). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct { double *u; int n; double dt; } State;

static void step(State *s, const double *k)
{
    double *tmp = malloc((size_t)s->n * sizeof *tmp);
    for (int i = 0; i < s->n; i++)
        tmp[i] = s->u[i] + s->dt * k[i] * sin(s->u[i]);
    memcpy(s->u, tmp, (size_t)s->n * sizeof *tmp);
    free(tmp);
}

double simulate(const double *k, double *u, int n)
{
    State s = {u, n, 0.05};
    double acc = 0;
#pragma ad checkpoint(snapshots=3)
    for (int it = 0; it < 50; it++) {
        step(&s, k);
        acc += s.u[it % n];
    }
    return acc;
}

#pragma ad grad(simulate) wrt(k[n], u[n])
