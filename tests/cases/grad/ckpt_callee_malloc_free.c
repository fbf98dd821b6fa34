// CFLAGS: -D_GNU_SOURCE
/* grad/ckpt_callee_malloc_free: a `#pragma ad checkpoint` loop whose body
** calls a helper that mallocs a scratch buffer (carrying derivatives) and
** frees it before returning (Numerical Recipes' tridag: gam = dvector(1,n) ...
** free_dvector(gam,1,n), once per time step). Running an iteration again
** repeats a malloc and its free, as the primal does, so the loop is
** checkpointed (cc-ad before this refused: "a function it calls allocates
** memory, which running an iteration again would repeat", and taped the
** loop in full). The helper's forward sweep defers the frees of tmp and
** tmp_bar (ccad_defer_free): an iteration advanced untaped, whose backward
** code never runs, frees them with its dropped tape; a turned one at the end.
** Oracles: central differences (h = 1e-6, rtol 1e-6); heap in use
** (mallinfo2) after 10 more f_grad calls equals before (no block of an
** iteration run again is lost; the sanitizer build checks use after free). */
#include <malloc.h>
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
    for (int k = 0; k < 20; k++) f_grad(x, g, 8, 30);  /* the runtime's caches settle */
    size_t before = mallinfo2().uordblks;
    for (int k = 0; k < 10; k++) f_grad(x, g, 8, 30);
    size_t after = mallinfo2().uordblks;
    CHECK_TRUE("no heap growth over 10 f_grad calls", after <= before + 1000);
    for (int j = 0; j < 8; j++) {
        double xp[8], xm[8]; memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x); xp[j] += h; xm[j] -= h;
        CHECK_CLOSE("grad vs fd", g[j], (f(xp, 8, 30) - f(xm, 8, 30)) / (2 * h), 1e-6, 1e-9);
    }
    return oracle_result();
}
