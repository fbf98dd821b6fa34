/*
** realc/sabr_hagan: Hagan et al.'s SABR implied volatility (2002, eq. 2.17a)
** as a rates desk library writes it: log-moneyness, the z / x(z) ratio
** with a Taylor branch near the money (|z| < 1e-6, where x(z) / z is
** 0/0), the (F K)^((1-beta)/2) prefactor through pow, and a Black price
** from the implied vol via erfc. Inputs: alpha, beta, rho, nu and the
** strike. Requests: grad, jvp, hessian.
** Oracles: grad against central differences away from the money and AT
** the money (F = K exactly, the Taylor branch: its derivative must match
** the limit of the exact branch, which the central differences see from
** both sides). Steps: h = 1e-4 relative (rtol 1e-6), since a strike step
** of 1e-5 puts z near 6e-6, where the exact branch's log(..)/(1-rho) loses
** about eps/z of its digits and the quotient is off by 1e-6 (measured: the
** differences agree with the gradient to 2e-10 for h >= 3e-5); jvp dot grad
** (1e-12); hessian symmetric (1e-10) and against central differences of
** grad (h = 1e-3 relative: truncation ~1e-6, rtol 1e-4).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

static double sabr_vol(double F, double K, double T, double alpha, double beta, double rho, double nu)
{
    double omb = 1.0 - beta, fk = F * K, lfk = log(F / K);
    double fkb = pow(fk, omb / 2.0);
    double z = nu / alpha * fkb * lfk;
    double zx;
    if (fabs(z) < 1e-6) {
        zx = 1.0 - 0.5 * rho * z + (2.0 - 3.0 * rho * rho) * z * z / 12.0;
    } else {
        double xz = log((sqrt(1.0 - 2.0 * rho * z + z * z) + z - rho) / (1.0 - rho));
        zx = z / xz;
    }
    double den = fkb * (1.0 + omb * omb / 24.0 * lfk * lfk + pow(omb, 4) / 1920.0 * pow(lfk, 4));
    double corr = 1.0 + (omb * omb / 24.0 * alpha * alpha / pow(fk, omb) + 0.25 * rho * beta * nu * alpha / fkb +
                         (2.0 - 3.0 * rho * rho) / 24.0 * nu * nu) * T;
    return alpha / den * zx * corr;
}
double sabr_call(const double *p, double F, double T)
{
    double alpha = p[0], beta = p[1], rho = p[2], nu = p[3], K = p[4];
    double s = sabr_vol(F, K, T, alpha, beta, rho, nu) * sqrt(T);
    double d1 = (log(F / K) + 0.5 * s * s) / s, d2 = d1 - s;
    return F * 0.5 * erfc(-d1 / sqrt(2.0)) - K * 0.5 * erfc(-d2 / sqrt(2.0));
}
#pragma ad grad(sabr_call) wrt(p[5])
#pragma ad jvp(sabr_call) wrt(p)
#pragma ad hessian(sabr_call) wrt(p[5])
#include "sabr_hagan.ad.h"

static void check_at(double K)
{
    double p[5] = {0.2, 0.6, -0.3, 0.5, K}, F = 0.03, T = 2.0, g[5], H[25];
    double val = sabr_call_grad(p, g, F, T);
    CHECK_CLOSE("primal", val, sabr_call(p, F, T), 0, 0);
    for (int i = 0; i < 5; i++) {
        double q[5]; memcpy(q, p, sizeof p); double h = 1e-4 * fabs(p[i]);
        q[i] += h; double fp = sabr_call(q, F, T); q[i] -= 2 * h; double fm = sabr_call(q, F, T);
        CHECK_CLOSE("grad", g[i] * p[i], (fp - fm) / (2 * h) * p[i], 1e-6, 1e-9 * val);
    }
    double v[5] = {0.01, -0.05, 0.1, 0.02, 0.001}, jv;
    sabr_call_jvp(p, v, F, T, &jv);
    CHECK_CLOSE("jvp.grad", jv, oracle_dot(g, v, 5), 1e-12, 1e-16);
    sabr_call_hessian(p, F, T, H);
    for (int i = 0; i < 5; i++) {
        double q[5], gp[5], gm[5]; memcpy(q, p, sizeof p); double h = 1e-3 * fabs(p[i]);
        q[i] += h; sabr_call_grad(q, gp, F, T); q[i] -= 2 * h; sabr_call_grad(q, gm, F, T);
        for (int j = 0; j < 5; j++) {
            CHECK_CLOSE("hess sym", H[i * 5 + j], H[j * 5 + i], 1e-10, 1e-12);
            CHECK_CLOSE("hess fd", H[j * 5 + i] * p[i] * p[j], (gp[j] - gm[j]) / (2 * h) * p[i] * p[j], 1e-4, 1e-7 * val);
        }
    }
}
int main(void)
{
    check_at(0.035);   /* out of the money: the exact branch */
    check_at(0.03);    /* at the money: the Taylor branch */
    return oracle_result();
}
