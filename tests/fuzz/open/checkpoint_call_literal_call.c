/* OPEN (fuzzcls): WRONG, SILENTLY (primal and derivatives): a checkpointed
** statement whose call takes a compound literal that itself calls a
** function of the file,
**     #pragma ad checkpoint
**     double t0 = sval((S0){.p = x[0] * noise(3), .q = x[1], .tag = 1}, x[2]);
** is lowered so that the literal is built before the checkpointed region
** and the inner call inside it: f_jvp reads `double t;` uninitialised
** (`S0 lit = {x[0] * t, x[1], 1};` ... `t = noise(3); t0 = sval_jvp(lit,
** ...)`; gcc -O1 -Wall: "'t' may be used uninitialized"), f_grad reads its
** `t = 0.0`, so lit.p is x[0] * 0: the primal is -0.09 instead of -0.055
** and df/dx0 is 0 instead of 0.1 x[2] = 0.07, with no diagnostic.
** Without the checkpoint, with plain scalar arguments (hs(x[0] * noise(3),
** ...)), or with a math call or constant in the literal instead of a call
** of a function of the file, all is right; noise being `inactive` or not
** does not matter. Found by the fuzz class ckptcall (seed 963060 of
** `scripts/fuzz.sh 200 963001 all,ckptcall,scratch,vmap,nested,mayalias`:
** NO-COMPILE, gcc's warning on fv_jvp and the jacfwd sweeps).
** Expected: the primal -0.055 and gradient (0.1 x2, 0.3, 0.1 x0) in every
** mode, as without the checkpoint; got: -0.09 and (0, 0.3, 0).
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/checkpoint_call_literal_call.c
** (fails at step 2 on gcc's warning in f_jvp; built without -Werror, 7 of
** its 9 checks fail, f_grad's included, which gcc does not warn about). */
#include <math.h>
#include "ccad_oracle.h"

typedef struct S0 {
    double p, q;
    int tag;
} S0;

/* 0.1 * ((3 * 7 + 3) % 5) - 0.2 = 0.2, a constant of the derivative */
double noise(int k) { return 0.1 * (double)((k * 7 + 3) % 5) - 0.2; }
#pragma ad inactive(noise)

double sval(S0 s, double u) { return 0.5 * s.p * u + 0.3 * s.q; }

double f(const double *x, int n)
{
    (void)n;
#pragma ad checkpoint
    double t0 = sval((S0){.p = x[0] * noise(3), .q = x[1], .tag = 1}, x[2]);
    return t0;
}

#pragma ad jvp(f) wrt(x[n])
#pragma ad grad(f) wrt(x[n])

#include "checkpoint_call_literal_call.ad.h"

int main(void)
{
    double x[3] = {0.5, -0.3, 0.7}, xb[3], rd;
    /* f = 0.5 * (0.2 x0) x2 + 0.3 x1 */
    double want = 0.1 * x[0] * x[2] + 0.3 * x[1], g[3] = {0.1 * x[2], 0.3, 0.1 * x[0]};
    oracle_check_close("f", f(x, 3), want, 1e-15, 1e-15);
    oracle_check_close("f_grad primal", f_grad(x, xb, 3), want, 1e-15, 1e-15);
    oracle_check_vec("f_grad", xb, g, 3, 1e-14, 1e-14);
    for (int j = 0; j < 3; j++) {
        double xd[3] = {0, 0, 0};
        xd[j] = 1;
        oracle_check_close("f_jvp primal", f_jvp(x, xd, 3, &rd), want, 1e-15, 1e-15);
        oracle_check_close("f_jvp tangent", rd, g[j], 1e-14, 1e-14);
    }
    return oracle_result();
}
