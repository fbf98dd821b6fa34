/*
** jac/hessian_helper: second derivatives
** through a call to a helper function whose reverse sweep uses a taped value.
**     static double e(double u) { return exp(u); }
**     double F(const double *x) { return e(x[0] * x[1]); }
** F = exp(x0 x1), so with E = exp(x0 x1)
**     H = E [[x1^2, 1 + x0 x1], [1 + x0 x1, x0^2]].
** Checked: F_hessian, F_hvp and jvp(F_grad) against this closed form
** (ORACLE_RTOL_EXACT), and the tape is empty after each call.
**
** Regression (fixed): the forward-over-reverse code of the helper, e_fwd_jvp, pushed
** both exp(u) and its tangent (ccad_push_d(exp_r_dot); ccad_push_d(exp_r)),
** but e_bwd_jvp popped only exp(u) and treats it as a constant
** (u_adj_dot += exp_r * exp_r_bar_dot), so the term exp_r_dot * exp_r_bar
** was lost (H comes out as E [[0, 1], [1, 0]] at x = (0.5, 2)) and one
** value per call stayed on the tape. A helper whose derivative is
** recomputed from its argument (sin, u * u) is fine; so is exp() written
** inline in F.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static double e(double u)
{
    return exp(u);
}

double F(const double *x)
{
    return e(x[0] * x[1]);
}

#pragma ad grad(F) wrt(x[2])
#pragma ad hessian(F) wrt(x[2])
#pragma ad hvp(F) wrt(x[2])
#pragma ad jvp(F_grad) wrt(x[2]) out(x_bar[2])

#include "hessian_helper.ad.h"

int main(void)
{
    const double pts[3][2] = {{0.5, 2.0}, {-1.0, 0.25}, {0.75, -0.5}};
    char label[96];
    for (int t = 0; t < 3; t++) {
        const double *x = pts[t];
        double E = exp(x[0] * x[1]), H[4], hv[2], g[2], gd[2];
        const double want[4] = {E * x[1] * x[1], E * (1.0 + x[0] * x[1]),
                                E * (1.0 + x[0] * x[1]), E * x[0] * x[0]};
        const double v[2] = {0.3, -1.1};
        const double Hv[2] = {want[0] * v[0] + want[1] * v[1], want[2] * v[0] + want[3] * v[1]};
        F_hessian(x, H);
        snprintf(label, sizeof label, "point %d F_hessian closed form", t);
        CHECK_VEC_CLOSE(label, H, want, 4, ORACLE_RTOL_EXACT, 1e-14 * E);
        CHECK_TRUE("tape empty after F_hessian", ccad_tape_empty());
        F_hvp(x, v, hv);
        snprintf(label, sizeof label, "point %d F_hvp = H v", t);
        CHECK_VEC_CLOSE(label, hv, Hv, 2, ORACLE_RTOL_EXACT, 1e-14 * E);
        CHECK_TRUE("tape empty after F_hvp", ccad_tape_empty());
        F_grad_jvp(x, v, g, gd);
        snprintf(label, sizeof label, "point %d jvp(F_grad) = H v", t);
        CHECK_VEC_CLOSE(label, gd, Hv, 2, ORACLE_RTOL_EXACT, 1e-14 * E);
        CHECK_TRUE("tape empty after F_grad_jvp", ccad_tape_empty());
    }
    return oracle_result();
}
