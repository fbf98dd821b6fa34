// CFLAGS: -O2
/* MINPACK-style 1-based helpers (--x; --fvec;) whose generated copies are
** inlined by gcc -O2 into functions passing local arrays: the hessian's
** lane sweeps shifted a local double[4][2] (x_bar_dot--), grad's backward
** sweep an output's adjoint (fvec_bar--) that a clamp then zeroes, and gcc
** flagged the pointers formed before the arrays (-Warray-bounds, an error
** under -Werror), where the user's code is clean. A shifted pointer
** parameter that is otherwise only indexed is now indexed with the shift
** (simplify_shift.c: fvec_bar[i - 1]). Compiled with -O2 -Werror (the
** harness); oracles: closed forms of the gradient, and central differences
** of it for the Hessian (ORACLE_RTOL_FD). (Were tests/fuzz/open/o2_lane_shift.c
** and o2_shift_clamp_grad.c.) */
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

static double enorm(int n, const double *x)
{
    double s = 0.0;
    --x;
    for (int i = 1; i <= n; ++i)
        s += x[i] * x[i];
    return sqrt(s);
}

double obj(const double *p)
{
    double r[4];
    for (int i = 0; i < 4; i++)
        r[i] = p[0] * exp(-p[1] * (i + 1)) - 1.0;
    return enorm(4, r);
}

static void fcn(int m, const double *x, double *fvec)
{
    --fvec;
    for (int i = 1; i <= m; ++i) {
        fvec[i] = x[0] * i;
        if (fvec[i] > 10.0) fvec[i] = 10.0;
    }
}

double clamp_obj(const double *x)
{
    double fv[6];
    fcn(6, x, fv);
    double s = 0.0;
    for (int i = 0; i < 6; i++)
        s += fv[i] * fv[i];
    return s;
}

#pragma ad hessian(obj) wrt(p[2])
#pragma ad grad(obj) wrt(p[2])
#pragma ad grad(clamp_obj) wrt(x[1])

#include "shift_o2.ad.h"

static void obj_grad_fd(void *ctx, const double *p, double *g)
{
    (void)ctx;
    obj_grad(p, g);
}

int main(void)
{
    double p[2] = {1.3, 0.4}, H[4], fd[4], v[2];
    obj_hessian(p, H);
    for (int j = 0; j < 2; j++) {
        v[0] = j == 0;
        v[1] = j == 1;
        double col[2];
        oracle_fd_jvp(obj_grad_fd, NULL, 2, 2, p, v, col);
        fd[j] = col[0];
        fd[2 + j] = col[1];
    }
    CHECK_VEC_CLOSE("obj_hessian = differences of obj_grad", H, fd, 4, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    /* clamp_obj = sum_i min(x i, 10)^2: d/dx = sum over unclamped i of 2 x i^2 */
    double x[1] = {2.5}, g[1];
    clamp_obj_grad(x, g);
    double want = 0.0;
    for (int i = 1; i <= 6; i++)
        if (x[0] * i <= 10.0) want += 2.0 * x[0] * i * i;
    CHECK_CLOSE("clamp_obj_grad (i = 1..4 unclamped)", g[0], want, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
