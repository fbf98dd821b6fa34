/*
** jac/nested_matrix: the nested JAX spellings whose inner request is a
** matrix (jacfwd(jacrev(f)), jacrev(jacrev(f)), jacfwd(jacfwd(f)),
** jacrev(hessian(f)), jvp(jacrev(f))): the outer derivative differentiates
** the inner matrix (its last parameter, m x n) with respect to f's inputs,
** as JAX's jacfwd(jacrev(f)) does (seed 002's Newton step). They were
** refused with "needs a size for 'x' ... write wrt(x[n])" though the clause
** was written. Oracles: closed forms (polynomials, 1e-12 relative).
**   q(x) = x0^2 x1 + x1^3 x2 (x in R^3): H = [[2x1, 2x0, 0], [2x0, 6x1x2, 3x1^2],
**     [0, 3x1^2, 0]]; d^3 q: nonzero d3/dx0dx0dx1 = 2, d3/dx1dx1dx2 = 6,
**     d3/dx1^3 = 6 x2.
**   r(x, a, y) = a*x[0]*x[1] returned, y[0] = x0*a^2, y[1] = x1^2 (wrt x[2], a;
**     out return, y[2]: J is 3 x 3, its Jacobian 9 x 3).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

double q(const double *x) { return x[0] * x[0] * x[1] + x[1] * x[1] * x[1] * x[2]; }

double r(const double *x, double a, double *y)
{
    y[0] = x[0] * a * a;
    y[1] = x[1] * x[1];
    return a * x[0] * x[1];
}

#pragma ad jacfwd(jacrev(q)) wrt(x[3])
#pragma ad jacrev(jacrev(q)) wrt(x[3]) name(q_rr)
#pragma ad jacfwd(jacfwd(q)) wrt(x[3])
#pragma ad jacrev(hessian(q)) wrt(x[3])
#pragma ad jvp(jacrev(q)) wrt(x[3])
#pragma ad jacfwd(jacrev(r)) wrt(x[2], a) out(return, y[2])
#pragma ad vmap(jacfwd(q)) wrt(x[3]) batch(x[3]) name(q_jac_batch)
#pragma ad hessian(q) wrt(x[3])
#pragma ad vmap(q_hessian) batch(x[3])

#include "nested_matrix.ad.h"

static void hess_q(const double *x, double *H)
{
    const double h[9] = {2 * x[1], 2 * x[0], 0, 2 * x[0], 6 * x[1] * x[2], 3 * x[1] * x[1], 0, 3 * x[1] * x[1], 0};
    memcpy(H, h, sizeof h);
}

int main(void)
{
    const double x[3] = {0.7, -1.3, 2.1};
    double g[3], H[9], Hw[9], jac_in[3], T[27];
    const double gw[3] = {2 * x[0] * x[1], x[0] * x[0] + 3 * x[1] * x[1] * x[2], x[1] * x[1] * x[1]};
    hess_q(x, Hw);
    memset(H, 0, sizeof H);
    CHECK_CLOSE("jacfwd(jacrev(q)) returns q", q_jacrev_jacfwd(x, g, H), q(x), 0, 0);
    CHECK_VEC_CLOSE("jacfwd(jacrev(q)) = H", H, Hw, 9, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jacfwd(jacrev(q)) leaves the gradient", g, gw, 3, 1e-12, 1e-14);
    memset(H, 0, sizeof H);
    q_rr(x, g, H);
    CHECK_VEC_CLOSE("jacrev(jacrev(q)) = H", H, Hw, 9, 1e-12, 1e-14);
    memset(H, 0, sizeof H);
    q_jacfwd_jacfwd(x, g, H);
    CHECK_VEC_CLOSE("jacfwd(jacfwd(q)) = H", H, Hw, 9, 1e-12, 1e-14);

    /* third derivative: T[(i*3 + j)*3 + k] = d H_ij / d x_k */
    double Tw[27] = {0};
    Tw[(0 * 3 + 0) * 3 + 1] = 2;
    Tw[(0 * 3 + 1) * 3 + 0] = Tw[(1 * 3 + 0) * 3 + 0] = 2;
    Tw[(1 * 3 + 1) * 3 + 1] = 6 * x[2];
    Tw[(1 * 3 + 1) * 3 + 2] = 6 * x[1];
    Tw[(1 * 3 + 2) * 3 + 1] = Tw[(2 * 3 + 1) * 3 + 1] = 6 * x[1];
    q_hessian_jacrev(x, H, T);
    CHECK_VEC_CLOSE("jacrev(hessian(q)) = d3 q", T, Tw, 27, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jacrev(hessian(q)) leaves H", H, Hw, 9, 1e-12, 1e-14);

    const double v[3] = {0.5, -2.0, 1.25};
    double jd[3], Hv[3] = {0, 0, 0};
    q_jacrev_jvp(x, v, jac_in, jd);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) Hv[i] += Hw[i * 3 + j] * v[j];
    CHECK_VEC_CLOSE("jvp(jacrev(q)) = H v", jd, Hv, 3, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jvp(jacrev(q)) leaves the gradient", jac_in, gw, 3, 1e-12, 1e-14);

    /* r: inputs (x0, x1, a), outputs (ret, y0, y1); J rows in out order */
    const double a = 1.5;
    double y[2], J[9], D[27], Dw[27] = {0};
    const double Jw[9] = {a * x[1], a * x[0], x[0] * x[1], a * a, 0, 2 * a * x[0], 0, 2 * x[1], 0};
    CHECK_CLOSE("jacfwd(jacrev(r)) returns r", r_jacrev_jacfwd(x, a, y, J, D), a * x[0] * x[1], 1e-15, 0);
    CHECK_VEC_CLOSE("jacfwd(jacrev(r)) leaves J", J, Jw, 9, 1e-12, 1e-14);
    /* D[(i*3 + j)*3 + k] = d J_ij / d in_k */
    Dw[(0 * 3 + 0) * 3 + 1] = a; Dw[(0 * 3 + 0) * 3 + 2] = x[1];
    Dw[(0 * 3 + 1) * 3 + 0] = a; Dw[(0 * 3 + 1) * 3 + 2] = x[0];
    Dw[(0 * 3 + 2) * 3 + 0] = x[1]; Dw[(0 * 3 + 2) * 3 + 1] = x[0];
    Dw[(1 * 3 + 0) * 3 + 2] = 2 * a;
    Dw[(1 * 3 + 2) * 3 + 0] = 2 * a; Dw[(1 * 3 + 2) * 3 + 2] = 2 * x[0];
    Dw[(2 * 3 + 1) * 3 + 1] = 2;
    CHECK_VEC_CLOSE("jacfwd(jacrev(r)) = dJ", D, Dw, 27, 1e-12, 1e-14);

    double X[3 * 3], JB[3 * 3], HB[3 * 9], R[3];
    for (int b = 0; b < 3; b++)
        for (int i = 0; i < 3; i++) X[3 * b + i] = x[i] + 0.25 * b - 0.1 * i;
    q_jac_batch(3, X, JB, R);
    for (int b = 0; b < 3; b++) {
        const double *xb = X + 3 * b;
        const double gb[3] = {2 * xb[0] * xb[1], xb[0] * xb[0] + 3 * xb[1] * xb[1] * xb[2], xb[1] * xb[1] * xb[1]};
        CHECK_VEC_CLOSE("vmap(jacfwd(q)): each element's own row", JB + 3 * b, gb, 3, 1e-12, 1e-14);
        CHECK_CLOSE("vmap(jacfwd(q)) ret", R[b], q(xb), 1e-15, 0);
    }
    q_hessian_vmap(3, X, HB, R);
    for (int b = 0; b < 3; b++) {
        hess_q(X + 3 * b, Hw);
        CHECK_VEC_CLOSE("vmap(q_hessian): each element's own H", HB + 9 * b, Hw, 9, 1e-12, 1e-14);
    }
    return oracle_result();
}
