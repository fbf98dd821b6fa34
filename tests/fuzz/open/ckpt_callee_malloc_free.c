/* OPEN (probe12): VALID CODE, CHECKPOINT DROPPED: a `#pragma ad checkpoint`
** loop whose body calls a helper that mallocs a scratch buffer and frees it
** before returning (Numerical Recipes' tridag: gam=dvector(1,n) ...
** free_dvector(gam,1,n), called once per Crank-Nicolson step) gets "warning:
** '#pragma ad checkpoint' is not applied, and the loop is taped in full: a
** function it calls allocates memory, which running an iteration again would
** repeat". The allocation is balanced inside each iteration, so running an
** iteration again repeats a malloc and its free, as the primal does; the
** memory the pragma was meant to save (the whole time loop's tape) is spent.
** Found porting NR tridag + Crank-Nicolson (tests/cases/realc/nr_tridag_cn.c
** carries an EXPECT-WARNING for it).
** Expected: no diagnostic, the loop checkpointed; got: the warning (run_case step 1).
** Run: run_case.sh ... ckpt_callee_malloc_free.c */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

static void smooth(const double *u, double *v, int n)
{
    double *tmp = malloc(n * sizeof(double));
    for (int i = 0; i < n; i++) tmp[i] = sin(u[i]);
    for (int i = 0; i < n; i++) v[i] = 0.5 * u[i] + 0.25 * (tmp[(i + 1) % n] + tmp[(i + n - 1) % n]);
    free(tmp);
}
double f(const double *x, int n, int nsteps)
{
    double u[8], v[8], s = 0;
    memcpy(u, x, n * sizeof(double));
#pragma ad checkpoint
    for (int k = 0; k < nsteps; k++) {
        smooth(u, v, n);
        for (int i = 0; i < n; i++) u[i] = v[i];
    }
    for (int i = 0; i < n; i++) s += u[i] * u[i];
    return s;
}
#pragma ad grad(f) wrt(x[n])

#include "ckpt_callee_malloc_free.ad.h"

int main(void)
{
    double x[8], g[8], h = 1e-6;
    for (int i = 0; i < 8; i++) x[i] = cos(1.3 * i);
    f_grad(x, g, 8, 30);
    for (int j = 0; j < 8; j++) {
        double xp[8], xm[8]; memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x); xp[j] += h; xm[j] -= h;
        CHECK_CLOSE("grad vs fd", g[j], (f(xp, 8, 30) - f(xm, 8, 30)) / (2 * h), 1e-6, 1e-9);
    }
    return oracle_result();
}
