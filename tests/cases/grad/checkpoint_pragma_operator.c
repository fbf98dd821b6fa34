/* '#pragma ad checkpoint' written through the C99 pragma operator is the
** same pragma (contract: FILE.c's pragmas; C11 6.10.9: _Pragma("s") is
** '#pragma s'): code that hides pragmas in macros (#define CKPT
** _Pragma("ad checkpoint(snapshots=4)")), a macro holding the pragma and
** its loop (LOOP), and _Pragma written in the code itself. Each loop must
** be checkpointed: ccad_checkpoint_steps() (manual: counts, per thread, the
** iterations reversed by the checkpoint driver) is the trip count, where a
** dropped pragma left it 0 (the loop taped in full). The gradients are
** checked against central differences (step 1e-6, smooth f: rtol 1e-6).
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

#define CKPT _Pragma("ad checkpoint(snapshots=4)")
#define LOOP(k, n) CKPT for (int k = 0; k < (n); k++)

double f(const double *x, int n)
{
    double u = x[0];
    CKPT
    for (int i = 0; i < n; i++)
        u = u + 0.1 * sin(u * x[1]);
    return u;
}

double g(const double *x, int n)
{
    double u = x[0];
    LOOP(i, n)
        u = u + 0.1 * cos(u * x[1]);
    _Pragma("ad checkpoint") for (int i = 0; i < n; i++) u = u * 0.99 + 0.01 * x[1];
    return u;
}

#pragma ad grad(f) wrt(x[2])
#pragma ad grad(g) wrt(x[2])

#include "checkpoint_pragma_operator.ad.h"

static void check(const char *name, double (*fn)(const double *, int),
                  double (*gr)(const double *, double *, int), int want_steps)
{
    double x[2] = {0.3, 0.8}, g[2];
    ccad_checkpoint_reset_counts();
    gr(x, g, 50);
    CHECK_EQ_INT(name, ccad_checkpoint_steps(), want_steps);
    for (int k = 0; k < 2; k++) {
        double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]}, h = 1e-6;
        xp[k] += h;
        xm[k] -= h;
        CHECK_CLOSE("gradient vs central difference", g[k], (fn(xp, 50) - fn(xm, 50)) / (2 * h), 1e-6, 1e-9);
    }
}

int main(void)
{
    check("f: the CKPT loop reversed by the checkpoint driver", f, f_grad, 50);
    check("g: both loops reversed by the checkpoint driver", g, g_grad, 100);
    return oracle_result();
}
