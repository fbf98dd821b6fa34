/* OPEN (fuzzcls): FE_INVALID (spurious floating-point exception; the
** derivatives are right): reverse mode over a jvp (grad(jvp(fs)), the
** nested spelling of grad(fs_jvp)) recomputes a loop-invariant value of a
** `?:` arm at the top of each backward iteration, outside the guard that
** protects it: for
**     r += x[i] * (a > 0.1 ? sqrt(a) : x[0]);
** fs_jvp_grad's backward loop begins `sqrt_r_2 = sqrt(a); sqrt_r =
** sqrt_r_2;` before `if (a > 0.1)`, so with a <= 0 it takes sqrt of a
** negative number (FE_INVALID, a NaN it then does not use) where the
** original never does; and it pays a sqrt per iteration that the taken
** arm does not need. grad(fs) of the same function keeps the guard (a
** sqrt only inside `if (a > 0.1)`). Found by the fuzz class nested (seed
** 957031 of `scripts/fuzz.sh 40 957001 all,ckptcall,scratch,nested,mayalias`,
** full size: sqrtf(a) of a compound literal's field inside a checkpointed
** loop; neither the checkpoint nor the struct is needed).
** Expected: no FE_INVALID from fs_jvp_grad (the recomputation under the
** arm's condition, or not hoisted); got: FE_INVALID.
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/grad_jvp_guard_hoisted.c */
#include <fenv.h>
#include <math.h>
#include "ccad_oracle.h"

double fs(const double *x, double a, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++)
        r += x[i] * (a > 0.1 ? sqrt(a) : x[0]);
    return r;
}

#pragma ad jvp(fs) wrt(x[n], a)
#pragma ad grad(jvp(fs)) wrt(x[n], a)

#include "grad_jvp_guard_hoisted.ad.h"

int main(void)
{
    double x[3] = {0.3, -0.2, 0.5}, xd[3] = {1.0, 0.5, -0.25}, xb[3], ab = 7, rd;
    double a = -0.8, ad = 0.7;
    feclearexcept(FE_ALL_EXCEPT);
    double r0 = fs(x, a, 3);
    int orig = fetestexcept(FE_INVALID);
    feclearexcept(FE_ALL_EXCEPT);
    double r = fs_jvp_grad(x, xb, xd, a, &ab, ad, 3, &rd);
    int gen = fetestexcept(FE_INVALID);
    oracle_check_true("the original raises no FE_INVALID", !orig, "fetestexcept");
    oracle_check_true("fs_jvp_grad raises no FE_INVALID", !gen, "fetestexcept");
    /* a <= 0.1: fs = x0 * sum x, ret_dot = x0 * sum xd + xd0 * sum x,
    ** its gradient: d/dx0 = sum xd + xd0, d/dxk = xd0 (k > 0), d/da = 0 */
    double sx = x[0] + x[1] + x[2], sxd = xd[0] + xd[1] + xd[2];
    oracle_check_close("primal", r, r0, 1e-15, 1e-15);
    oracle_check_close("ret_dot", rd, x[0] * sxd + xd[0] * sx, 1e-14, 1e-14);
    oracle_check_close("x_bar[0]", xb[0], sxd + xd[0], 1e-14, 1e-14);
    oracle_check_close("x_bar[1]", xb[1], xd[0], 1e-14, 1e-14);
    oracle_check_close("x_bar[2]", xb[2], xd[0], 1e-14, 1e-14);
    oracle_check_close("a_bar", ab, 0.0, 0, 0);
    return oracle_result();
}
