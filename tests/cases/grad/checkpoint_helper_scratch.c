/* grad/checkpoint_helper_scratch: a checkpointed loop (snapshots=3, 50
** iterations) whose helper mallocs a scratch buffer, writes the state
** through a struct's pointer from it (memcpy) and frees it. The helper's
** forward sweep defers the frees of tmp and tmp_bar, so an iteration the
** schedule advances untaped frees them with its dropped tape (a first
** version leaked 1,305 such buffers, LeakSanitizer; cc-ad then refused the
** checkpoint, diag/checkpoint_helper_alloc before it changed).
** Oracle: central differences (h = 1e-6, rtol 1e-6). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

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

#include "checkpoint_helper_scratch.ad.h"

int main(void)
{
    enum { N = 5 };
    double k[N], u0[N], u[N], gk[N], gu[N], h = 1e-6;
    for (int i = 0; i < N; i++) { k[i] = 0.3 + 0.1 * i; u0[i] = cos(0.7 * i); }
    memcpy(u, u0, sizeof u);
    simulate_grad(k, gk, u, gu, N);
    for (int j = 0; j < N; j++) {
        double kp[N], km[N];
        memcpy(kp, k, sizeof k); memcpy(km, k, sizeof k); kp[j] += h; km[j] -= h;
        memcpy(u, u0, sizeof u); double fp = simulate(kp, u, N);
        memcpy(u, u0, sizeof u); double fm = simulate(km, u, N);
        CHECK_CLOSE("d/dk vs fd", gk[j], (fp - fm) / (2 * h), 1e-6, 1e-9);
        double up[N], um[N];
        memcpy(up, u0, sizeof u); memcpy(um, u0, sizeof u); up[j] += h; um[j] -= h;
        fp = simulate(k, up, N); fm = simulate(k, um, N);
        CHECK_CLOSE("d/du0 vs fd", gu[j], (fp - fm) / (2 * h), 1e-6, 1e-9);
    }
    return oracle_result();
}
