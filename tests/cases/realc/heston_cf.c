// CFLAGS: -D_DEFAULT_SOURCE
/*
** realc/heston_cf: the Heston call price by the Gil-Pelaez / P1-P2 integral
** of the "little Heston trap" characteristic function (Albrecher et al.),
** written with C99 complex arithmetic (cexp, clog, csqrt, cimag, I) and a
** trapezoid rule in u, as a quant library writes it. Inputs: the five
** model parameters (kappa, theta, sigma, rho, v0); output the price.
** Oracles: grad against central differences (relative h 1e-6, rtol 1e-6),
** jvp dot grad (1e-12), hessian symmetric and against central differences
** of the gradient (rtol 1e-5).
*/
#include <complex.h>
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

static double complex heston_phi(double complex u, const double *p, double S, double r, double T, int j)
{
    double kappa = p[0], theta = p[1], sigma = p[2], rho = p[3], v0 = p[4];
    double uj = j == 1 ? 0.5 : -0.5, bj = j == 1 ? kappa - rho * sigma : kappa;
    double complex a = kappa * theta, x = log(S);
    double complex rsi = rho * sigma * I * u;
    double complex d = csqrt((rsi - bj) * (rsi - bj) - sigma * sigma * (2.0 * uj * I * u - u * u));
    double complex g = (bj - rsi - d) / (bj - rsi + d);
    double complex e = cexp(-d * T);
    double complex C = r * I * u * T + a / (sigma * sigma) * ((bj - rsi - d) * T - 2.0 * clog((1.0 - g * e) / (1.0 - g)));
    double complex D = (bj - rsi - d) / (sigma * sigma) * ((1.0 - e) / (1.0 - g * e));
    return cexp(C + D * v0 + I * u * x);
}
double heston_call(const double *p, double S, double K, double r, double T, int nu)
{
    double P[2];
    double umax = 100.0, du = umax / nu, lk = log(K);
    for (int j = 1; j <= 2; j++) {
        double s = 0.0;
        for (int k = 0; k <= nu; k++) {
            double u = (k + 0.5) * du;   /* midpoint: avoids u = 0 */
            if (k == nu) break;
            double complex f = cexp(-I * u * lk) * heston_phi(u, p, S, r, T, j) / (I * u);
            s += creal(f) * du;
        }
        P[j - 1] = 0.5 + s / M_PI;
    }
    return S * P[0] - K * exp(-r * T) * P[1];
}
#pragma ad grad(heston_call) wrt(p[5])
#pragma ad jvp(heston_call) wrt(p)
#pragma ad hessian(heston_call) wrt(p[5])
#include "heston_cf.ad.h"

int main(void)
{
    double p[5] = {1.5, 0.04, 0.3, -0.7, 0.05}, g[5], H[25];
    double S = 100, K = 105, r = 0.02, T = 1.0; int nu = 400;
    double val = heston_call_grad(p, g, S, K, r, T, nu);
    CHECK_CLOSE("primal", val, heston_call(p, S, K, r, T, nu), 0, 0);
    printf("price %.10f\n", val);
    for (int i = 0; i < 5; i++) {
        double q[5]; memcpy(q, p, sizeof p); double h = 1e-6 * fabs(p[i]);
        q[i] += h; double fp = heston_call(q, S, K, r, T, nu); q[i] -= 2 * h; double fm = heston_call(q, S, K, r, T, nu);
        CHECK_CLOSE("grad", g[i] * p[i], (fp - fm) / (2 * h) * p[i], 1e-6, 1e-8 * val);
    }
    double v[5] = {0.1, 0.01, -0.05, 0.02, 0.003}, jv;
    heston_call_jvp(p, v, S, K, r, T, nu, &jv);
    CHECK_CLOSE("jvp.grad", jv, oracle_dot(g, v, 5), 1e-12, 1e-14);
    heston_call_hessian(p, S, K, r, T, nu, H);
    for (int i = 0; i < 5; i++) {
        double q[5], gp[5], gm[5]; memcpy(q, p, sizeof p); double h = 1e-5 * fabs(p[i]);
        q[i] += h; heston_call_grad(q, gp, S, K, r, T, nu); q[i] -= 2 * h; heston_call_grad(q, gm, S, K, r, T, nu);
        for (int j = 0; j < 5; j++) {
            CHECK_CLOSE("hess sym", H[i * 5 + j], H[j * 5 + i], 1e-10, 1e-10);
            CHECK_CLOSE("hess fd", H[j * 5 + i] * p[i] * p[j], (gp[j] - gm[j]) / (2 * h) * p[i] * p[j], 1e-5, 1e-6 * val);
        }
    }
    return oracle_result();
}
