/* OPEN (fuzzcls): FE_INVALID (spurious floating-point exception; the
** derivatives are right): reverse mode recomputes an iteration-local value
** set in an arm of an `if` at the top of each backward iteration, outside
** the condition that guarded it, when that value is a <math.h> call with a
** restricted domain. In
**     for (i...) if (a > 0.1) { double q = sqrt(a); r += x[i] * q; } else ...
** fs_grad's backward loop begins `sqrt_r = sqrt(a); q = sqrt_r;` before
** its `if`, so with a <= 0 it takes sqrt of a negative number (FE_INVALID,
** a NaN it does not use) where the original never does, and pays a sqrt
** per iteration for an arm not taken. Cause: adjoint_recompute.c,
** guarded_at() takes a statement of an arm when unguarded_ok(rhs), and
** unguarded_ok() rejects loads, integer division and float-to-int casts
** but accepts calls (sqrt, log, asin, acos, pow, ... of out-of-domain
** arguments: FE_INVALID; exp, cosh: FE_OVERFLOW) and float division
** (FE_DIVBYZERO); the fuzz checker's rule (README: no exception the
** original does not raise) counts these. The same through reverse over a
** jvp: grad(jvp(g)) of `r += x[i] * (a > 0.1 ? sqrt(a) : x[0])`, whose jvp
** lowers the ?: into such an arm (grad(g) alone keeps the ?:). Found by
** the fuzz class nested (seed 957031 of `scripts/fuzz.sh 40 957001
** all,ckptcall,scratch,nested,mayalias`, full size, float: sqrtf(a) in a
** compound literal's field in a checkpointed loop; neither is needed).
** Expected: no FE_INVALID from fs_grad and g_jvp_grad (recompute under the
** condition, or save the value); got: FE_INVALID from both.
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/guarded_recompute_fe_invalid.c */
#include <fenv.h>
#include <math.h>
#include "ccad_oracle.h"

double fs(const double *x, double a, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        if (a > 0.1) {
            double q = sqrt(a);
            r += x[i] * q;
        } else {
            r += x[i] * x[0];
        }
    }
    return r;
}

double g(const double *x, double a, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++)
        r += x[i] * (a > 0.1 ? sqrt(a) : x[0]);
    return r;
}

#pragma ad grad(fs) wrt(x[n], a)
#pragma ad jvp(g) wrt(x[n], a)
#pragma ad grad(jvp(g)) wrt(x[n], a)

#include "guarded_recompute_fe_invalid.ad.h"

int main(void)
{
    double x[3] = {0.3, -0.2, 0.5}, xd[3] = {1.0, 0.5, -0.25}, xb[3], ab = 7, rd;
    double a = -0.8, ad = 0.7;
    double sx = x[0] + x[1] + x[2], sxd = xd[0] + xd[1] + xd[2];
    feclearexcept(FE_ALL_EXCEPT);
    double f0 = fs(x, a, 3), g0 = g(x, a, 3);
    oracle_check_true("the originals raise no FE_INVALID", !fetestexcept(FE_INVALID), "fetestexcept");

    /* a <= 0.1: fs = x0 * sum x; its gradient x0 + sum x, x0, x0; 0 */
    feclearexcept(FE_ALL_EXCEPT);
    double r = fs_grad(x, xb, a, &ab, 3);
    oracle_check_true("fs_grad raises no FE_INVALID", !fetestexcept(FE_INVALID), "fetestexcept");
    oracle_check_close("fs_grad primal", r, f0, 1e-15, 1e-15);
    oracle_check_close("fs_grad x_bar[0]", xb[0], x[0] + sx, 1e-14, 1e-14);
    oracle_check_close("fs_grad x_bar[1]", xb[1], x[0], 1e-14, 1e-14);
    oracle_check_close("fs_grad a_bar", ab, 0.0, 0, 0);

    /* g's ret_dot = x0 * sum xd + xd0 * sum x, its gradient: d/dx0 =
    ** sum xd + xd0, d/dxk = xd0 (k > 0), d/da = 0 */
    ab = 7;
    feclearexcept(FE_ALL_EXCEPT);
    r = g_jvp_grad(x, xb, xd, a, &ab, ad, 3, &rd);
    oracle_check_true("g_jvp_grad raises no FE_INVALID", !fetestexcept(FE_INVALID), "fetestexcept");
    oracle_check_close("g_jvp_grad primal", r, g0, 1e-15, 1e-15);
    oracle_check_close("g_jvp_grad ret_dot", rd, x[0] * sxd + xd[0] * sx, 1e-14, 1e-14);
    oracle_check_close("g_jvp_grad x_bar[0]", xb[0], sxd + xd[0], 1e-14, 1e-14);
    oracle_check_close("g_jvp_grad x_bar[1]", xb[1], xd[0], 1e-14, 1e-14);
    oracle_check_close("g_jvp_grad x_bar[2]", xb[2], xd[0], 1e-14, 1e-14);
    oracle_check_close("g_jvp_grad a_bar", ab, 0.0, 0, 0);
    return oracle_result();
}
