/* checkpoint_struct_field_malloc: a checkpointed time loop whose state is
** a buffer malloc'd straight into a local struct's field (State s;
** s.u = malloc(n * sizeof(double)); step(&s) writes s->u[i]). The
** checkpoint's state analysis takes the field's extent from that malloc,
** as it does for a pointer variable (State s = {u, n}); it used to warn
** "checkpoint not applied" and tape the loop in full. Checks: no warning,
** recomputations > 0, the gradient against central differences. (A loop
** that stores into s itself, s->u = s->v, keeps the warning: the extent
** could change.) Manual: checkpoint; contract section 2. */
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

#include "checkpoint_struct_field_malloc.ad.h"

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
