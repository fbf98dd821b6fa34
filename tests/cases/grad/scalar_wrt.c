/*
** grad/scalar_wrt: scalar by-value inputs in reverse mode: grad wrt(a)
** gives `double *a_bar` (overwritten); vjp adds to it; a grad over all
** inputs (a, b and the array x) under name(blend_grad_all); vjp with
** default clauses. Closed forms as in jvp/scalar_wrt.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double blend(double a, double b, const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += exp(a * x[i]) * b + a * a * x[i];
    return s;
}

#pragma ad grad(blend) wrt(a)
#pragma ad vjp(blend) wrt(a)
#pragma ad grad(blend) wrt(a, b, x[n]) name(blend_grad_all)
#pragma ad vjp(blend) name(blend_vjp_all)

#include "scalar_wrt.ad.h"

#define N 4

int main(void)
{
    const double a = 0.7, b = -1.4;
    const double x[N] = {0.5, -1.0, 2.0, 0.25};
    double da = 0.0, db = 0.0, dx[N], sa = 0.0;
    for (int i = 0; i < N; i++) {
        da += x[i] * b * exp(a * x[i]) + 2.0 * a * x[i];
        sa += fabs(x[i] * b * exp(a * x[i])) + fabs(2.0 * a * x[i]);
        db += exp(a * x[i]);
        dx[i] = a * b * exp(a * x[i]) + a * a;
    }
    double r0 = blend(a, b, x, N);

    double a_bar = 1e300;
    double r = blend_grad(a, &a_bar, b, x, N);
    CHECK_CLOSE("blend_grad primal", r, r0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_CLOSE("blend_grad d/da (overwritten)", a_bar, da, ORACLE_RTOL_EXACT, 1e-15 * sa);
    CHECK_TRUE("tape empty", ccad_tape_empty());

    a_bar = 2.0;
    blend_vjp(a, &a_bar, b, x, N, -0.5);
    CHECK_CLOSE("blend_vjp adds -0.5 d/da", a_bar, 2.0 - 0.5 * da, ORACLE_RTOL_EXACT, 1e-15 * sa);

    double b_bar = -3.0, x_bar[N] = {9, 9, 9, 9};
    a_bar = 7.0;
    blend_grad_all(a, &a_bar, b, &b_bar, x, x_bar, N);
    CHECK_CLOSE("blend_grad_all d/da", a_bar, da, ORACLE_RTOL_EXACT, 1e-15 * sa);
    CHECK_CLOSE("blend_grad_all d/db", b_bar, db, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("blend_grad_all d/dx", x_bar, dx, N, ORACLE_RTOL_EXACT, 1e-15);

    double xb2[N] = {1, 1, 1, 1}, want[N];
    a_bar = 0.0;
    b_bar = 0.0;
    blend_vjp_all(a, &a_bar, b, &b_bar, x, xb2, N, 2.0);
    for (int i = 0; i < N; i++)
        want[i] = 1.0 + 2.0 * dx[i];
    CHECK_CLOSE("blend_vjp_all a_bar", a_bar, 2.0 * da, ORACLE_RTOL_EXACT, 1e-15 * sa);
    CHECK_CLOSE("blend_vjp_all b_bar", b_bar, 2.0 * db, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("blend_vjp_all x_bar (added)", xb2, want, N, ORACLE_RTOL_EXACT, 1e-15);
    return oracle_result();
}
