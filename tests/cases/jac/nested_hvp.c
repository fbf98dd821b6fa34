/*
** jac/nested_hvp: nested spellings whose inner request is hvp
** (jvp(hvp(f)), jacfwd(hvp(f)), vjp(hvp(f))): the outer derivative
** differentiates the products x_hv, a_hv with respect to f's inputs, the
** direction held fixed, as JAX's jacfwd(hvp) does. jacfwd(hvp(f)) was the
** 1 x n gradient of f's return value (the outer request took its own
** defaults, out(return)), a short matrix where an n x n one was meant, and
** jvp(hvp(f)) warned that x_v and x_hv have no path to an output.
** Oracle: central differences of f_hvp itself (a polynomial: 1e-6 relative),
** jvp and vjp against the jacfwd matrix (1e-12).
** q(x, a) = a x0^2 x1 + x1^3 x2, inputs (x0, x1, x2, a).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

double q(const double *x, double a) { return a * x[0] * x[0] * x[1] + x[1] * x[1] * x[1] * x[2]; }

#pragma ad jvp(hvp(q)) wrt(x[3], a)
#pragma ad jacfwd(hvp(q)) wrt(x[3], a)
#pragma ad vjp(hvp(q)) wrt(x[3], a)

#include "nested_hvp.ad.h"

/* the product H(u) w as a flat 4-vector */
static void hv_at(const double *u, const double *w, double *out)
{
    q_hvp(u, w, out, u[3], w[3], &out[3]);
}

int main(void)
{
    const double u[4] = {0.7, -1.3, 2.1, 1.4}, w[4] = {0.5, -2.0, 1.25, 0.3};
    double M[16], fdM[16], hv[4];
    /* jac rows: x_hv[0..2], a_hv; columns: x[0..2], a */
    q_hvp_jacfwd(u, w, hv, u[3], w[3], &hv[3], M);
    for (int k = 0; k < 4; k++) {
        double up[4], um[4], hp[4], hm[4], h = 1e-5;
        memcpy(up, u, sizeof up); memcpy(um, u, sizeof um);
        up[k] += h; um[k] -= h;
        hv_at(up, w, hp); hv_at(um, w, hm);
        for (int i = 0; i < 4; i++) fdM[i * 4 + k] = (hp[i] - hm[i]) / (2 * h);
    }
    CHECK_VEC_CLOSE("jacfwd(hvp(q)) = d(Hw)/du", M, fdM, 16, 1e-6, 1e-8);
    double h0[4];
    hv_at(u, w, h0);
    CHECK_VEC_CLOSE("jacfwd(hvp(q)) leaves Hw", hv, h0, 4, 1e-12, 1e-14);
    const double t[4] = {1.0, -0.5, 0.25, 2.0};
    double hvj[4], hvd[4], Mt[4] = {0};
    q_hvp_jvp(u, t, w, hvj, hvd, u[3], t[3], w[3], &hvj[3], &hvd[3]);
    for (int i = 0; i < 4; i++) for (int k = 0; k < 4; k++) Mt[i] += M[i * 4 + k] * t[k];
    CHECK_VEC_CLOSE("jvp(hvp(q)) = M t", hvd, Mt, 4, 1e-12, 1e-14);
    const double s[4] = {0.5, 1.0, -1.5, 0.75};
    double xb[3] = {0}, ab = 0, hvb[4], hvv[4], MTs[4] = {0};
    memcpy(hvb, s, sizeof hvb);
    q_hvp_vjp(u, xb, w, hvv, hvb, u[3], &ab, w[3], &hvv[3], &hvb[3]);
    for (int k = 0; k < 4; k++) for (int i = 0; i < 4; i++) MTs[k] += M[i * 4 + k] * s[i];
    double got[4] = {xb[0], xb[1], xb[2], ab};
    CHECK_VEC_CLOSE("vjp(hvp(q)) = M^T s", got, MTs, 4, 1e-12, 1e-14);
    return oracle_result();
}
