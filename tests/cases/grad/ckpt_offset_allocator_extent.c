/*
** grad/ckpt_offset_allocator_extent: a '#pragma ad checkpoint' loop that
** writes an array an allocator of the file returns at an offset (Numerical
** Recipes' 1-based dvector: v = malloc((nh - nl + 1 + NR_END) * ..); return
** v - nl + NR_END). cc-ad follows the block through the allocator (its
** bytes and offset over the call's arguments) and saves it in the state
** from u + nl - NR_END; it warned "cannot tell the size of the memory it
** writes through 'u'" and taped the loop in full before (fixmem).
** The loop must be checkpointed: ccad_checkpoint_steps() is its trip count.
** g's block starts below the pointer (dvec(-2, n): w[-2 .. n]).
** Oracle: central differences (h = 1e-6).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

static double *dvec(long nl, long nh)
{
    double *v = malloc((size_t)(nh - nl + 2) * sizeof(double));
    return v - nl + 1;
}
static void free_dvec(double *v, long nl) { free(v + nl - 1); }

double f(const double *x, int n, int nsteps)
{
    double *u = dvec(1, n), s = 0;
    for (int i = 1; i <= n; i++) u[i] = x[i - 1];
#pragma ad checkpoint
    for (int k = 0; k < nsteps; k++)
        for (int i = 1; i <= n; i++) u[i] = sin(u[i]) + 0.1 * u[i];
    for (int i = 1; i <= n; i++) s += u[i] * u[i];
    free_dvec(u, 1);
    return s;
}
/* a block that starts below the pointer: w[-2 .. n], w = v + 3 */
double g(const double *x, int n, int nsteps)
{
    double *w = dvec(-2, n), s = 0;
    for (int i = -2; i <= n; i++) w[i] = x[(i + 2) % n];
#pragma ad checkpoint(snapshots=3)
    for (int k = 0; k < nsteps; k++)
        for (int i = -2; i <= n; i++) w[i] = sin(w[i]) + 0.1 * w[i > -2 ? i - 1 : n];
    for (int i = -2; i <= n; i++) s += w[i] * w[i];
    free_dvec(w, -2);
    return s;
}
#pragma ad grad(f) wrt(x[n])
#pragma ad grad(g) wrt(x[n])

#include "ckpt_offset_allocator_extent.ad.h"

int main(void)
{
    double x[6], gr[6], h = 1e-6;
    for (int i = 0; i < 6; i++) x[i] = 0.3 + 0.2 * i;
    ccad_checkpoint_reset_counts();
    f_grad(x, gr, 6, 20);
    CHECK_EQ_INT("checkpointed: iterations reversed by the driver", ccad_checkpoint_steps(), 20);
    for (int j = 0; j < 6; j++) {
        double xp[6], xm[6]; memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x); xp[j] += h; xm[j] -= h;
        CHECK_CLOSE("grad vs fd", gr[j], (f(xp, 6, 20) - f(xm, 6, 20)) / (2 * h), 1e-6, 1e-9);
    }
    ccad_checkpoint_reset_counts();
    g_grad(x, gr, 6, 15);
    CHECK_EQ_INT("g checkpointed", ccad_checkpoint_steps(), 15);
    for (int j = 0; j < 6; j++) {
        double xp[6], xm[6]; memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x); xp[j] += h; xm[j] -= h;
        CHECK_CLOSE("g: grad vs fd", gr[j], (g(xp, 6, 15) - g(xm, 6, 15)) / (2 * h), 1e-6, 1e-9);
    }
    return oracle_result();
}
