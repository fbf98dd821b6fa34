/*
** grad/guarded_recompute_fe: a loop's local set in an arm of an `if`
** (`if (a > 0.1) { double q = sqrt(a); ... }`) that reverse mode sets again
** at the start of each backward iteration instead of saving it
** (adjoint_recompute.c, guarded_at) is set again under the if's condition,
** evaluated again: unguarded, `sqrt(a)` with a <= 0 raised FE_INVALID, and
** `1.0 / (a * a)` in an else arm with a == 0 FE_DIVBYZERO, where the
** original never raises them (a crash for a program that traps FP
** exceptions; the derivatives were right). The same through reverse over a
** jvp: grad(jvp(g)) of `x[i] * (a > 0.1 ? sqrt(a) : x[0])`, whose jvp lowers
** the ?: into such an arm, and the hvp of the else-arm case (the tangent of
** the guarded recomputation). Found by the fuzz classes nested and ifguard
** (seed 957031 of `scripts/fuzz.sh 40 957001 all,ckptcall,scratch,nested,
** mayalias`; seeds of `40 964001 all,ifguard`).
** Oracles: no FE_INVALID / FE_DIVBYZERO the originals do not raise
** (fetestexcept), closed forms for both sides of each condition.
*/
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

/* the guarded local in the else arm: set again under !(a == 0) */
double fd(const double *x, double a, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        if (a == 0.0) {
            r += x[i] * x[i];
        } else {
            double s = 1.0 / (a * a);
            r += x[i] * s;
        }
    }
    return r;
}

#pragma ad grad(fs) wrt(x[n], a)
#pragma ad jvp(g) wrt(x[n], a)
#pragma ad grad(jvp(g)) wrt(x[n], a)
#pragma ad grad(fd) wrt(x[n], a)
#pragma ad hvp(fd) wrt(x[n], a)

#include "guarded_recompute_fe.ad.h"

#define FE_BAD (FE_INVALID | FE_DIVBYZERO)

int main(void)
{
    double x[3] = {0.3, -0.2, 0.5}, xd[3] = {1.0, 0.5, -0.25}, xb[3], ab = 7, rd;
    double sx = x[0] + x[1] + x[2], sxd = xd[0] + xd[1] + xd[2];
    double a = -0.8, ad = 0.7;
    feclearexcept(FE_ALL_EXCEPT);
    double f0 = fs(x, a, 3), g0 = g(x, a, 3), d0 = fd(x, 0.0, 3);
    CHECK_TRUE("the originals raise no FE_INVALID, FE_DIVBYZERO", !fetestexcept(FE_BAD));

    /* a <= 0.1: fs = x0 * sum x; its gradient x0 + sum x, x0, x0; 0 */
    feclearexcept(FE_ALL_EXCEPT);
    double r = fs_grad(x, xb, a, &ab, 3);
    CHECK_TRUE("fs_grad raises no FE_INVALID", !fetestexcept(FE_BAD));
    CHECK_CLOSE("fs_grad primal", r, f0, 1e-15, 1e-15);
    CHECK_CLOSE("fs_grad x_bar[0]", xb[0], x[0] + sx, 1e-14, 1e-14);
    CHECK_CLOSE("fs_grad x_bar[1]", xb[1], x[0], 1e-14, 1e-14);
    CHECK_CLOSE("fs_grad a_bar", ab, 0.0, 0, 0);
    /* a > 0.1: fs = sqrt(a) sum x; gradient sqrt(a); sum x / (2 sqrt(a)) */
    r = fs_grad(x, xb, 0.8, &ab, 3);
    CHECK_CLOSE("fs_grad (a > 0.1) x_bar[1]", xb[1], sqrt(0.8), 1e-14, 1e-14);
    CHECK_CLOSE("fs_grad (a > 0.1) a_bar", ab, sx / (2 * sqrt(0.8)), 1e-14, 1e-14);

    /* g's ret_dot = x0 * sum xd + xd0 * sum x, its gradient: d/dx0 =
    ** sum xd + xd0, d/dxk = xd0 (k > 0), d/da = 0 */
    ab = 7;
    feclearexcept(FE_ALL_EXCEPT);
    r = g_jvp_grad(x, xb, xd, a, &ab, ad, 3, &rd);
    CHECK_TRUE("g_jvp_grad raises no FE_INVALID", !fetestexcept(FE_BAD));
    CHECK_CLOSE("g_jvp_grad primal", r, g0, 1e-15, 1e-15);
    CHECK_CLOSE("g_jvp_grad ret_dot", rd, x[0] * sxd + xd[0] * sx, 1e-14, 1e-14);
    CHECK_CLOSE("g_jvp_grad x_bar[0]", xb[0], sxd + xd[0], 1e-14, 1e-14);
    CHECK_CLOSE("g_jvp_grad x_bar[1]", xb[1], xd[0], 1e-14, 1e-14);
    CHECK_CLOSE("g_jvp_grad x_bar[2]", xb[2], xd[0], 1e-14, 1e-14);
    CHECK_CLOSE("g_jvp_grad a_bar", ab, 0.0, 0, 0);
    /* a > 0.1: ret_dot = sqrt(a) sum xd + ad sum x / (2 sqrt(a)): d/dxk =
    ** ad / (2 sqrt(a)), d/da = sum xd / (2 sqrt(a)) - ad sum x / (4 a^1.5) */
    r = g_jvp_grad(x, xb, xd, 0.8, &ab, ad, 3, &rd);
    CHECK_CLOSE("g_jvp_grad (a > 0.1) x_bar[1]", xb[1], ad / (2 * sqrt(0.8)), 1e-14, 1e-14);
    CHECK_CLOSE("g_jvp_grad (a > 0.1) a_bar", ab, sxd / (2 * sqrt(0.8)) - ad * sx / (4 * pow(0.8, 1.5)), 1e-13,
                1e-13);

    /* a == 0: fd = sum x^2, gradient 2 x; 0 */
    feclearexcept(FE_ALL_EXCEPT);
    r = fd_grad(x, xb, 0.0, &ab, 3);
    CHECK_TRUE("fd_grad raises no FE_DIVBYZERO", !fetestexcept(FE_BAD));
    CHECK_CLOSE("fd_grad primal", r, d0, 1e-15, 1e-15);
    CHECK_CLOSE("fd_grad x_bar[2]", xb[2], 2 * x[2], 1e-14, 1e-14);
    CHECK_CLOSE("fd_grad a_bar", ab, 0.0, 0, 0);
    /* a != 0: fd = sum x / a^2: d/dxk = 1 / a^2, d/da = -2 sum x / a^3 */
    r = fd_grad(x, xb, 0.5, &ab, 3);
    CHECK_CLOSE("fd_grad (a != 0) x_bar[2]", xb[2], 4.0, 1e-14, 1e-14);
    CHECK_CLOSE("fd_grad (a != 0) a_bar", ab, -16 * sx, 1e-13, 1e-13);

    /* hvp at a == 0 along (xd, ad): H = diag(2, 2, 2, 0) on that side */
    double hx[3], ha = 7;
    feclearexcept(FE_ALL_EXCEPT);
    fd_hvp(x, xd, hx, 0.0, ad, &ha, 3);
    CHECK_TRUE("fd_hvp raises no FE_DIVBYZERO", !fetestexcept(FE_BAD));
    CHECK_CLOSE("fd_hvp hx[1]", hx[1], 2 * xd[1], 1e-14, 1e-14);
    CHECK_CLOSE("fd_hvp ha", ha, 0.0, 0, 0);
    /* a != 0: d2/dxk da = -2 / a^3, d2/da2 = 6 sum x / a^4 */
    fd_hvp(x, xd, hx, 0.5, ad, &ha, 3);
    CHECK_CLOSE("fd_hvp (a != 0) hx[1]", hx[1], -16 * ad, 1e-13, 1e-13);
    CHECK_CLOSE("fd_hvp (a != 0) ha", ha, -16 * sxd + 96 * sx * ad, 1e-12, 1e-12);
    return oracle_result();
}
