/*
** jvp/scalar_wrt: scalar inputs passed by value, and choosing the inputs:
**   blend_jvp         wrt(a) only: a_dot after a, nothing for b or x
**   blend_all         no clauses: every floating parameter it reads (a, b,
**                     and the pointer x) is active, named by name(blend_all)
**   blend_db          wrt(b) with name(blend_db): a second request for the
**                     same function under another name
** Closed forms: d/da = sum x_i b exp(a x_i) + 2 a x_i, d/db = sum exp(a x_i),
** d/dx_i = a b exp(a x_i) + a^2.
*/
#include <math.h>

#include "ccad_oracle.h"

double blend(double a, double b, const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += exp(a * x[i]) * b + a * a * x[i];
    return s;
}

#pragma ad jvp(blend) wrt(a)
#pragma ad jvp(blend) name(blend_all)
#pragma ad jvp(blend) wrt(b) name(blend_db)

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
    double r0 = blend(a, b, x, N), ret_dot = NAN;

    double r = blend_jvp(a, 1.0, b, x, N, &ret_dot);
    CHECK_CLOSE("blend_jvp primal", r, r0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_CLOSE("blend_jvp d/da", ret_dot, da, ORACLE_RTOL_EXACT, 1e-15 * sa);
    blend_jvp(a, -2.5, b, x, N, &ret_dot);
    CHECK_CLOSE("blend_jvp linear in a_dot", ret_dot, -2.5 * da, ORACLE_RTOL_EXACT, 1e-15 * sa);

    r = blend_db(a, b, 1.0, x, N, &ret_dot);
    CHECK_CLOSE("blend_db primal", r, r0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_CLOSE("blend_db d/db", ret_dot, db, ORACLE_RTOL_EXACT, 0.0);

    /* all inputs at once: tangent = da a_dot + db b_dot + <dx, x_dot> */
    const double xd[N] = {0.1, 0.2, -0.3, 0.4};
    double want = da * 0.5 + db * -0.75, scale = fabs(da * 0.5) + fabs(db * 0.75);
    for (int i = 0; i < N; i++) {
        want += dx[i] * xd[i];
        scale += fabs(dx[i] * xd[i]);
    }
    r = blend_all(a, 0.5, b, -0.75, x, xd, N, &ret_dot);
    CHECK_CLOSE("blend_all primal", r, r0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_CLOSE("blend_all tangent", ret_dot, want, ORACLE_RTOL_EXACT, 1e-15 * scale);
    return oracle_result();
}
