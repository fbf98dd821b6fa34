/*
** jac/hessian_split_table: the hessian (jvp of grad) of a least-squares
** objective whose helpers reverse mode splits into two sweeps: one with a
** static const data table (which lives in the forward sweep's frame) and
** one that shifts its pointer parameter (--x), which the forward sweep
** saves and the backward sweep restores. Regression: the tangent sweeps
** got a tangent frame for the table that nothing used ('unused variable
** y_dot') and restored x_dot from the tape without reading it ('x_dot set
** but not used'), so the generated code did not compile warning-free.
** Oracles: the closed form H = J^T J + sum f_i d2 f_i (ORACLE_RTOL_EXACT)
** and central differences of the gradient.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static void resid(int m, const double *x, double *fvec)
{
    static const double y[4] = {1., 2., 3., 4.};
    int i;
    --fvec;
    --x;
    for (i = 1; i <= m; ++i)
        fvec[i] = y[i - 1] - x[1] * exp(-x[2] * i);
}

/* the Euclidean norm, MINPACK's way for intermediate components */
static double nrm(int n, const double *x)
{
    double s = 0., xabs, d1;
    int i;
    --x;
    for (i = 1; i <= n; ++i) {
        xabs = fabs(x[i]);
        d1 = xabs;
        s += d1 * d1;
    }
    return sqrt(s);
}

double obj(int m, const double *x)
{
    double fvec[4], r;
    resid(m, x, fvec);
    r = nrm(m, fvec);
    return .5 * r * r;
}

#pragma ad grad(obj) wrt(x[2])
#pragma ad hessian(obj) wrt(x[2])

#include "hessian_split_table.ad.h"

int main(void)
{
    double x[2] = {1.3, 0.4}, H[4], want[4] = {0, 0, 0, 0}, gp[2], gm[2];
    for (int i = 1; i <= 4; i++) {
        double e = exp(-x[1] * i), f = i - x[0] * e;
        double J[2] = {-e, x[0] * i * e};
        want[0] += J[0] * J[0];
        want[1] += J[0] * J[1] + f * i * e;
        want[2] += J[1] * J[0] + f * i * e;
        want[3] += J[1] * J[1] - f * x[0] * i * i * e;
    }
    obj_hessian(4, x, H);
    CHECK_VEC_CLOSE("hessian closed form", H, want, 4, ORACLE_RTOL_EXACT, 1e-14);
    for (int j = 0; j < 2; j++) {
        double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]}, h = 1e-5;
        xp[j] += h;
        xm[j] -= h;
        obj_grad(4, xp, gp);
        obj_grad(4, xm, gm);
        for (int i = 0; i < 2; i++)
            CHECK_CLOSE("hessian vs FD of grad", H[i * 2 + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-8);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
