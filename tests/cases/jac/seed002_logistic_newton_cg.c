/* seed 002 in C: logistic map over 600 values of a with vmap (batch(a), start shared),
   jvp of the map wrt a batched, Newton with hessian and with jacfwd(jacrev(f)),
   CG with hvp and with jvp(grad(f)); closed forms for the quadratic. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

double logistic(double start, double a, int iters)
{
    for (int i = 0; i < iters; i++)
        start = a * start - a * start * start;
    return start;
}

double quad_fun(const double *x)
{
    double y0 = x[0] - 3, y1 = x[1] - 7;
    const double M[2][2] = {{3, 2}, {2, 7}};
    double y[2] = {y0, y1}, s = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            s += y[i] * M[i][j] * y[j];
    return -1 * (s - 2);
}

#pragma ad vmap(logistic) batch(a)
#pragma ad jvp(logistic) wrt(a)
#pragma ad vmap(logistic_jvp) batch(a, a_dot)
#pragma ad hessian(quad_fun) wrt(x[2])
#pragma ad jacfwd(jacrev(quad_fun)) wrt(x[2]) name(newton_H)
#pragma ad jvp(grad(quad_fun)) wrt(x[2]) name(quad_Hv)
#pragma ad hvp(quad_fun) wrt(x[2])

#include "seed002_logistic_newton_cg.ad.h"

static void solve2(const double *H, const double *b, double *x)
{
    double det = H[0] * H[3] - H[1] * H[2];
    x[0] = (H[3] * b[0] - H[1] * b[1]) / det;
    x[1] = (-H[2] * b[0] + H[0] * b[1]) / det;
}

int main(void)
{
    enum { B = 600 };
    static double a[B], r[B], ad[B], rd[B], rr[B];
    for (int i = 0; i < B; i++) { a[i] = 3.4 + 0.001 * i; ad[i] = 1.0; }
    logistic_vmap(B, 0.5, a, 1000, r);
    int bad = 0;
    for (int i = 0; i < B; i++) bad += r[i] != logistic(0.5, a[i], 1000);
    CHECK_EQ_INT("vmap logistic bitwise", bad, 0);
    /* derivative wrt a over 8 iterations: FD check, batched */
    logistic_jvp_vmap(B, 0.5, a, ad, 8, rd, rr); /* ret_dot is f_jvp's last parameter, ret is appended after it */
    bad = 0;
    for (int i = 0; i < B; i += 37) {
        double h = 1e-6 * a[i];
        double fd = (logistic(0.5, a[i] + h, 8) - logistic(0.5, a[i] - h, 8)) / (2 * h);
        bad += !oracle_close(rd[i], fd, 1e-5, 1e-7);
        double t;
        double p = logistic_jvp(0.5, a[i], 1.0, 8, &t);
        bad += p != rr[i] || t != rd[i];
    }
    CHECK_EQ_INT("vmap jvp logistic", bad, 0);

    /* Newton: H = -2M, grad = -2 M (x - c); one step from 0 lands on (3,7) */
    double x[2] = {0, 0}, H[4], H2[4], J[2], step[2];
    const double Hw[4] = {-6, -4, -4, -14};
    quad_fun_hessian(x, H);
    CHECK_VEC_CLOSE("hessian", H, Hw, 4, 1e-14, 0);
    double jacr[2];
    newton_H(x, jacr, H2);
    CHECK_VEC_CLOSE("jacfwd(jacrev)", H2, Hw, 4, 1e-14, 0);
    J[0] = -2 * (3 * -3 + 2 * -7); J[1] = -2 * (2 * -3 + 7 * -7);
    CHECK_VEC_CLOSE("jacfwd(jacrev) leaves jac = grad", jacr, J, 2, 1e-14, 0);
    solve2(H2, jacr, step);
    double xn[2] = {x[0] - step[0], x[1] - step[1]}, cw[2] = {3, 7};
    CHECK_VEC_CLOSE("newton step", xn, cw, 2, 1e-12, 1e-12);

    /* CG with H v from jvp(grad) and hvp */
    double g[2], v[2] = {1, 0}, Hv[2], gb[2];
    double f0 = quad_Hv(x, v, gb, Hv);
    CHECK_CLOSE("jvp(grad) primal", f0, quad_fun(x), 0, 0);
    double Hv0[2] = {-6, -4};
    CHECK_VEC_CLOSE("jvp(grad) Hv", Hv, Hv0, 2, 1e-14, 0);
    CHECK_VEC_CLOSE("jvp(grad) grad", gb, J, 2, 1e-14, 0);
    double xs[2] = {0, 0}, rres[2], p[2], Ap[2];
    memcpy(g, J, sizeof g);
    memcpy(rres, g, sizeof g); memcpy(p, g, sizeof g);
    for (int it = 0; it < 2; it++) {
        quad_fun_hvp(x, p, Ap);
        double rrn = rres[0] * rres[0] + rres[1] * rres[1];
        double alpha = rrn / (p[0] * Ap[0] + p[1] * Ap[1]);
        for (int i = 0; i < 2; i++) { xs[i] += alpha * p[i]; rres[i] -= alpha * Ap[i]; }
        double beta = (rres[0] * rres[0] + rres[1] * rres[1]) / rrn;
        for (int i = 0; i < 2; i++) p[i] = rres[i] + beta * p[i];
    }
    double upd[2] = {-xs[0], -xs[1]};
    CHECK_VEC_CLOSE("cg step", upd, cw, 2, 1e-12, 1e-12);
    return oracle_result();
}
