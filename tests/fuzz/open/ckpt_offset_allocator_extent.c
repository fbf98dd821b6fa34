/* OPEN (fixmem): VALID CODE, CHECKPOINT DROPPED: a `#pragma ad checkpoint`
** loop that writes arrays an allocator of the file returns with an offset
** (Numerical Recipes' 1-based dvector: v = malloc((nh-nl+1+NR_END) * ..);
** return v - nl + NR_END) gets "warning: '#pragma ad checkpoint' is not
** applied, and the loop is taped in full: cc-ad cannot tell the size of the
** memory it writes through 'u'": the extent of such a block (u + nl - NR_END,
** nh - nl + 1 + NR_END elements) is not followed through the allocator, so
** the state cannot be saved (the loop's allocations and frees are fine
** since fixmem). The same loop over malloc'd arrays is
** checkpointed (tests/cases/realc/nr_tridag_cn.c carries an EXPECT-WARNING
** for it). Expected: no diagnostic, the loop checkpointed; got: the warning
** (run_case step 1). Run: run_case.sh ... ckpt_offset_allocator_extent.c */
#include <math.h>
#include <stdlib.h>
#include <string.h>
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
#pragma ad grad(f) wrt(x[n])

#include "ckpt_offset_allocator_extent.ad.h"

int main(void)
{
    double x[6], g[6], h = 1e-6;
    for (int i = 0; i < 6; i++) x[i] = 0.3 + 0.2 * i;
    f_grad(x, g, 6, 20);
    for (int j = 0; j < 6; j++) {
        double xp[6], xm[6]; memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x); xp[j] += h; xm[j] -= h;
        CHECK_CLOSE("grad vs fd", g[j], (f(xp, 6, 20) - f(xm, 6, 20)) / (2 * h), 1e-6, 1e-9);
    }
    return oracle_result();
}
