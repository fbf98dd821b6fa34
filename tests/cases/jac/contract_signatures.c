/* contract section 3 signatures written from the contract: vjp accumulates into
   p_bar and zeroes output seeds, scalar a -> T *a_bar, ret_bar last; in-out pointer
   (one shadow, jvp and vjp); out(return, r[m]) Jacobian row order; hvp with scalar
   a_v/a_hv; vmap(f_vjp), vmap(f_hvp) with shared parameters; grad(f_jvp); jvp(f_grad). */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

/* returns a*sum x^2, writes r[0] = sin(x0)*a, r[1] = x1*x2 */
double h(const double *x, double a, double *r)
{
    r[0] = sin(x[0]) * a;
    r[1] = x[1] * x[2];
    return a * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
}

/* in-out: s updated in place, s_new = s*c + x */
void step(double *s, const double *x, double c, int n)
{
    for (int i = 0; i < n; i++) s[i] = s[i] * s[i] * c + x[i];
}

double q(const double *x, double a)
{
    return a * a * x[0] * x[1] + exp(a * x[0]);
}

#pragma ad vjp(h) wrt(x[3], a) out(return, r[2])
#pragma ad jacfwd(h) wrt(x[3], a) out(return, r[2])
#pragma ad jacrev(h) wrt(a, x[3]) out(r[2], return)
#pragma ad jvp(step) wrt(s, x, c) out(s)
#pragma ad vjp(step) wrt(s[n], x[n], c) out(s[n])
#pragma ad hvp(q) wrt(x[2], a)
#pragma ad vmap(q_hvp) batch(x[2], a)
#pragma ad grad(q) wrt(x[2], a)
#pragma ad jvp(q_grad) wrt(x, a) out(x_bar[2], a_bar[1])
#pragma ad jvp(q) wrt(x, a)
#pragma ad grad(q_jvp) wrt(x[2], a) out(ret_dot[1])
#pragma ad vmap(h_vjp) batch(x[3], r[2], a)

#include "contract_signatures.ad.h"

int main(void)
{
    const double x[3] = {0.4, -1.1, 0.7};
    const double a = 1.3;
    double r[2], xb[3] = {1, 2, 3}, ab = 10, rb[2] = {0.5, -2};
    const double rb0[2] = {0.5, -2};
    double ret_bar = 0.25;
    double f = h_vjp(x, xb, a, &ab, r, rb, ret_bar);
    CHECK_CLOSE("vjp primal", f, a * (0.16 + 1.21 + 0.49), 1e-15, 0);
    /* J^T w with w = (ret_bar, rb0) */
    double want_xb[3] = {1 + ret_bar * 2 * a * x[0] + rb0[0] * cos(x[0]) * a,
                         2 + ret_bar * 2 * a * x[1] + rb0[1] * x[2],
                         3 + ret_bar * 2 * a * x[2] + rb0[1] * x[1]};
    double want_ab = 10 + ret_bar * (0.16 + 1.21 + 0.49) + rb0[0] * sin(x[0]);
    CHECK_VEC_CLOSE("vjp x_bar accumulated", xb, want_xb, 3, 1e-12, 1e-14);
    CHECK_CLOSE("vjp a_bar accumulated", ab, want_ab, 1e-12, 1e-14);
    CHECK_TRUE("vjp output seeds zeroed", rb[0] == 0 && rb[1] == 0);

    double J[12], Jr[12];
    h_jacfwd(x, a, r, J);
    /* rows: ret, r0, r1; cols: x0 x1 x2 a */
    const double Jw[12] = {2 * a * x[0], 2 * a * x[1], 2 * a * x[2], 0.16 + 1.21 + 0.49,
                           cos(x[0]) * a, 0, 0, sin(x[0]),
                           0, x[2], x[1], 0};
    CHECK_VEC_CLOSE("jacfwd out(return, r[2]) wrt(x[3], a)", J, Jw, 12, 1e-12, 1e-14);
    h_jacrev(x, a, r, Jr);
    /* rows: r0, r1, ret; cols: a x0 x1 x2 */
    const int row[3] = {1, 2, 0};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++)
            CHECK_CLOSE("jacrev out(r[2], return) wrt(a, x[3])", Jr[i * 4 + j], Jw[row[i] * 4 + (j + 3) % 4], 1e-12, 1e-14);

    /* in-out */
    double s[3] = {0.5, -0.2, 1.1}, sd[3] = {1, 0.5, -1}, xd[3] = {0.1, 0.2, 0.3};
    const double s0[3] = {0.5, -0.2, 1.1};
    double c = 0.8, cd = -0.4;
    step_jvp(s, sd, x, xd, c, cd, 3);
    for (int i = 0; i < 3; i++) {
        CHECK_CLOSE("in-out primal", s[i], s0[i] * s0[i] * c + x[i], 1e-15, 0);
        double sd0[3] = {1, 0.5, -1};
        CHECK_CLOSE("in-out jvp shadow", sd[i], 2 * s0[i] * sd0[i] * c + s0[i] * s0[i] * cd + xd[i], 1e-12, 1e-14);
    }
    double s2[3] = {0.5, -0.2, 1.1}, s2b[3] = {1, -1, 2}, x2b[3] = {0, 0, 0}, cb = 0;
    const double w[3] = {1, -1, 2};
    step_vjp(s2, s2b, x, x2b, c, &cb, 3);
    double wcb = 0;
    for (int i = 0; i < 3; i++) {
        CHECK_CLOSE("in-out vjp: s_bar = adjoint of input", s2b[i], w[i] * 2 * s0[i] * c, 1e-12, 1e-14);
        CHECK_CLOSE("in-out vjp x_bar", x2b[i], w[i], 1e-12, 1e-14);
        wcb += w[i] * s0[i] * s0[i];
    }
    CHECK_CLOSE("in-out vjp c_bar", cb, wcb, 1e-12, 1e-14);

    /* hvp with a scalar by value; H of q over (x0, x1, a) */
    const double qx[2] = {0.6, -0.9};
    const double qa = 0.7;
    double e = exp(qa * qx[0]);
    const double H[9] = {qa * qa * e, qa * qa, 2 * qa * qx[1] + e + qa * qx[0] * e,
                         qa * qa, 0, 2 * qa * qx[0],
                         2 * qa * qx[1] + e + qa * qx[0] * e, 2 * qa * qx[0], 2 * qx[0] * qx[1] + qx[0] * qx[0] * e};
    const double v[3] = {0.3, -0.5, 1.2};
    double hv[2], ahv;
    q_hvp(qx, v, hv, qa, v[2], &ahv);
    double Hv[3] = {0};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) Hv[i] += H[i * 3 + j] * v[j];
    CHECK_VEC_CLOSE("hvp x_hv", hv, Hv, 2, 1e-12, 1e-14);
    CHECK_CLOSE("hvp a_hv", ahv, Hv[2], 1e-12, 1e-14);
    /* jvp(q_grad): tangents of the gradient = H v */
    double gx[2], gxd[2], ga = 0, gad = 0;
    q_grad_jvp(qx, v, gx, gxd, qa, v[2], &ga, &gad);
    CHECK_VEC_CLOSE("jvp(q_grad) x", gxd, Hv, 2, 1e-12, 1e-14);
    CHECK_CLOSE("jvp(q_grad) a", gad, Hv[2], 1e-12, 1e-14);
    /* grad(q_jvp): gradient of the directional derivative wrt the point = H v */
    double gq[2], gqa, qd;
    q_jvp_grad(qx, gq, v, qa, &gqa, v[2], &qd);
    CHECK_VEC_CLOSE("grad(q_jvp) x", gq, Hv, 2, 1e-12, 1e-14);
    CHECK_CLOSE("grad(q_jvp) a", gqa, Hv[2], 1e-12, 1e-14);
    /* vmap(q_hvp): batch over x and a; v shared */
    /* the shadows of batched x and a (x_v, x_hv, a_v, a_hv) are batched too (man page) */
    double X[3 * 2], A[3], XV[3 * 2], AV[3], XHV[3 * 2], AHV[3], RET[3];
    for (int b = 0; b < 3; b++) {
        X[2 * b] = qx[0] + 0.1 * b; X[2 * b + 1] = qx[1] - 0.2 * b; A[b] = qa + 0.05 * b;
        XV[2 * b] = v[0] * b; XV[2 * b + 1] = v[1] + b; AV[b] = v[2] - b;
    }
    q_hvp_vmap(3, X, XV, XHV, A, AV, AHV, RET);
    for (int b = 0; b < 3; b++) {
        double hv1[2], ahv1;
        double rr = q_hvp(X + 2 * b, XV + 2 * b, hv1, A[b], AV[b], &ahv1);
        CHECK_CLOSE("vmap hvp ret", RET[b], rr, 0, 0);
        CHECK_VEC_CLOSE("vmap hvp x_hv", XHV + 2 * b, hv1, 2, 0, 0);
        CHECK_CLOSE("vmap hvp a_hv", AHV[b], ahv1, 0, 0);
    }
    /* vmap(h_vjp): batch x, r, a (and their shadows); ret_bar batched with the result */
    double HX[2 * 3], HXB[2 * 3] = {0}, HA[2] = {1.3, 0.9}, HAB[2] = {0, 0}, HR[2 * 2], HRB[2 * 2] = {1, 1, -1, 2}, HRET_BAR[2] = {1, 0.5}, HRET[2];
    for (int i = 0; i < 6; i++) HX[i] = 0.1 * (i + 1);
    h_vjp_vmap(2, HX, HXB, HA, HAB, HR, HRB, HRET_BAR, HRET);
    const double HRB0[4] = {1, 1, -1, 2};
    for (int b = 0; b < 2; b++) {
        double xb1[3] = {0}, ab1 = 0, r1[2], rb1[2] = {HRB0[2 * b], HRB0[2 * b + 1]};
        double rr = h_vjp(HX + 3 * b, xb1, HA[b], &ab1, r1, rb1, HRET_BAR[b]);
        CHECK_CLOSE("vmap vjp ret", HRET[b], rr, 0, 0);
        CHECK_VEC_CLOSE("vmap vjp x_bar", HXB + 3 * b, xb1, 3, 0, 0);
        CHECK_CLOSE("vmap vjp a_bar", HAB[b], ab1, 0, 0);
        CHECK_VEC_CLOSE("vmap vjp r", HR + 2 * b, r1, 2, 0, 0);
        CHECK_TRUE("vmap vjp r_bar zeroed", HRB[2 * b] == 0 && HRB[2 * b + 1] == 0);
    }
    return oracle_result();
}
