/* OPEN (probe9): WRONGLY REFUSED (checkpoint not applied, misleading
** warning): a time loop under '#pragma ad checkpoint' whose state is a
** buffer the function mallocs straight into a struct field
**     State s; s.n = n; s.u = malloc(n * sizeof(double));
**     #pragma ad checkpoint(snapshots=2)
**     for (t = 0; t < T; t++) step(&s);        (step writes s->u[i])
** gets "warning: '#pragma ad checkpoint' is not applied, and the loop is
** taped in full: cc-ad cannot tell the size of the memory it writes through
** a pointer (malloc it in this function, or pass it as a parameter sized in
** the request)": it IS malloc'd in this function, once, with a known size.
** The same code spelled  double *u = malloc(n * sizeof(double));
** State s = {u, n, 0.1};  is checkpointed without a word. Gradients are
** right either way (full taping), but memory grows with T, which is what
** the pragma is for. Manual (checkpoint): the loop's state includes
** "buffers the function mallocs once" and memory "a called helper writes
** through pointers stored in memory (a struct's pointer fields, step(&s, k)
** storing into s->u[i])"; contract section 2: checkpoint of loops.
** Expected: no warning, the loop checkpointed (recomputations > 0), the
** gradient equal to differences. Got: the warning (run_case fails on it).
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w tests/fuzz/open/ckpt_struct_field_malloc.c */
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

typedef struct { double *u; int n; double dt; } State;

static void step(State *s)
{
    for (int i = 0; i < s->n; i++)
        s->u[i] += s->dt * sin(s->u[i]);
}

double f(const double *x, int n, int T)
{
    State s;
    s.n = n;
    s.dt = 0.1;
    s.u = malloc(n * sizeof(double));
    for (int i = 0; i < n; i++)
        s.u[i] = x[i];
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < T; t++)
        step(&s);
    double r = 0;
    for (int i = 0; i < n; i++)
        r += s.u[i] * s.u[i];
    free(s.u);
    return r;
}

#pragma ad grad(f) wrt(x[n])

#include "ckpt_struct_field_malloc.ad.h"

int main(void)
{
    double x[3] = {0.4, 0.9, -0.2}, g[3];
    int n = 3, T = 9;
    ccad_checkpoint_reset_counts();
    double v = f_grad(x, g, n, T);
    CHECK_CLOSE("value", v, f(x, n, T), 0, 0);
    CHECK_TRUE("checkpointed", ccad_checkpoint_recomputations() > 0);
    for (int i = 0; i < n; i++) {
        double xp[3] = {x[0], x[1], x[2]}, xm[3] = {x[0], x[1], x[2]};
        double h = 1e-6;
        xp[i] += h;
        xm[i] -= h;
        CHECK_CLOSE("grad", g[i], (f(xp, n, T) - f(xm, n, T)) / (2 * h), 1e-6, 1e-8);
    }
    return oracle_result();
}
