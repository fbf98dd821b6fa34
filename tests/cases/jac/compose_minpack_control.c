/*
** jac/compose_minpack_control: second derivatives, by every composed route,
** of a MINPACK-style objective with the control flow such code has:
** 1-based helpers that shift their pointer parameters (--x; --fvec;), a
** `continue` on zero entries, a clamp that overwrites a residual, a Newton
** refinement in a `while` loop with a data-dependent trip count and a
** `break`, a malloc'd scratch buffer and an early `return`.
** Requests: grad, jvp, hvp, hessian, jvp(obj_grad), grad(obj_jvp),
** jacfwd(obj_grad), vjp(obj_jvp).
** Oracles: grad against central differences of obj (ORACLE_RTOL_FD), the
** hessian against central differences of obj_grad (rtol 1e-6, floor 1e-7:
** the error of differencing a gradient of size ~10); every composition
** against the hessian column by column to rounding (rtol 1e-10). (The
** same code under gcc -O2 trips -Warray-bounds in the generated backward
** sweep of the clamped 1-based helper: tests/fuzz/open/o2_shift_clamp_grad.c.)
*/
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

/* MINPACK style: 1-based helper with --x */
static double enorm(int n, const double *x)
{
    double s = 0.0;
    --x;
    for (int i = 1; i <= n; ++i) {
        if (x[i] == 0.0) continue;
        s += x[i] * x[i];
    }
    return sqrt(s);
}

static void fcn(int m, int n, const double *x, double *fvec)
{
    --fvec; --x;
    for (int i = 1; i <= m; ++i) {
        double t = (double)i;
        fvec[i] = x[1] * exp(-x[2] * t) + x[3] * sin(t * x[n]) - 0.3 * t;
        if (i > 3 && fvec[i] > 10.0) { fvec[i] = 10.0; }
    }
}

/* data-dependent while loop: Newton iteration for cube root-ish, early return */
static double refine(double a)
{
    double y = a > 1.0 ? a : 1.0;
    int k = 0;
    while (fabs(y * y * y - a) > 1e-14 * a && k < 50) {
        y = y - (y * y * y - a) / (3.0 * y * y);
        k++;
        if (k > 40) break;
    }
    return y;
}

double obj(const double *x, int n)
{
    double fv[6];
    fcn(6, n, x, fv);
    double *w = malloc(6 * sizeof *w);
    for (int i = 0; i < 6; i++) w[i] = fv[i] * (1.0 + 0.1 * i);
    double e = enorm(6, w);
    free(w);
    if (e > 1e6) return 0.0;
    return e * e + refine(1.0 + x[0] * x[0]);
}

#pragma ad grad(obj) wrt(x[n])
#pragma ad jvp(obj) wrt(x[n])
#pragma ad hvp(obj) wrt(x[n])
#pragma ad hessian(obj) wrt(x[n])
#pragma ad jvp(obj_grad) wrt(x[n]) out(x_bar[n])
#pragma ad grad(obj_jvp) wrt(x[n]) out(ret_dot[1])
#pragma ad jacfwd(obj_grad) wrt(x[n]) out(x_bar[n])
#pragma ad vjp(obj_jvp) wrt(x[n]) out(ret_dot[1])

#include "compose_minpack_control.ad.h"
#define N 4
int main(void)
{
    double x[N] = {0.7, 0.3, -0.4, 0.9}, g[N], fdg[N], H[N*N], H2[N*N], fdH[N*N];
    obj_grad(x, g, N);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N]; memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] += h; xm[j] -= h;
        fdg[j] = (obj(xp, N) - obj(xm, N)) / (2*h);
        double gp[N], gm[N]; obj_grad(xp, gp, N); obj_grad(xm, gm, N);
        for (int i = 0; i < N; i++) fdH[i*N+j] = (gp[i]-gm[i])/(2*h);
    }
    CHECK_VEC_CLOSE("grad", g, fdg, N, 1e-6, 1e-8);
    obj_hessian(x, N, H);
    CHECK_VEC_CLOSE("hess", H, fdH, N*N, 1e-6, 1e-7);
    double Hb[N*N];
    { double xbt[N]; obj_grad_jacfwd(x, xbt, N, Hb); }
    CHECK_VEC_CLOSE("jacfwd(grad)", Hb, H, N*N, 1e-10, 1e-12);
    for (int j = 0; j < N; j++) {
        double v[N] = {0}; v[j] = 1.0;
        double hv[N], gb[N], gbd[N], xb[N], rd;
        obj_hvp(x, v, hv, N);
        for (int i = 0; i < N; i++) H2[i*N+j] = hv[i];
        obj_grad_jvp(x, v, gb, gbd, N);
        CHECK_VEC_CLOSE("jvp(grad)", gbd, hv, N, 1e-10, 1e-12);
        obj_jvp_grad(x, xb, v, N, &rd);
        double gt[N]; for (int i = 0; i < N; i++) gt[i] = H[i*N+j];
        CHECK_VEC_CLOSE("grad(jvp)", xb, gt, N, 1e-10, 1e-12);
        CHECK_CLOSE("grad(jvp) ret_dot", rd, g[j], 1e-10, 1e-12);
        double xb2[N] = {0}, rdd = 0, rdb = 2.0;   /* seed 2: x_bar += 2 H v */
        obj_jvp_vjp(x, xb2, v, N, &rdd, &rdb);
        for (int i = 0; i < N; i++) gt[i] *= 2.0;
        CHECK_VEC_CLOSE("vjp(jvp) xbar", xb2, gt, N, 1e-10, 1e-12);
        CHECK_CLOSE("vjp(jvp) seed zeroed", rdb, 0.0, 0.0, 0.0);
    }
    CHECK_VEC_CLOSE("hvp", H2, H, N*N, 1e-10, 1e-12);
    return oracle_result();
}
