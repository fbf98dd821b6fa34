/*
** realc/rkf45_adaptive: an adaptive Runge-Kutta-Fehlberg 4(5) integrator as
** textbook C writes it: the right-hand side behind a function pointer
** (derivs_t), VLA stage arrays k1..k6, a while loop over time with step
** rejection (err > tol keeps t and shrinks h), the step clamped to the end
** time, and the step-size controller 0.9*(tol/err)^(1/5) clamped by fmin/fmax,
** so h itself depends on the parameters. `#pragma ad checkpoint` before the
** while loop (unknown trip count: online schedule).
** Requests: grad of a final-state misfit wrt (y0, p), jacfwd/jacrev of the end
** state wrt p, jvp.
** Oracles: central differences of the program itself (the accept/reject
** pattern does not change for h = 1e-7; rtol 1e-6); jacrev = jacfwd (1e-10);
** jvp by dot product with the gradient (1e-11).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

typedef void (*derivs_t)(double t, const double *y, double *dydt, const double *p);

static void lotka_volterra(double t, const double *y, double *dydt, const double *p)
{
    (void)t;
    dydt[0] = p[0] * y[0] - p[1] * y[0] * y[1];
    dydt[1] = -p[2] * y[1] + p[3] * y[0] * y[1];
}

static void rkf45_step(derivs_t f, double t, const double *y, double h, int n,
                       const double *p, double *y5, double *err)
{
    double k1[n], k2[n], k3[n], k4[n], k5[n], k6[n], yt[n];
    int i;
    f(t, y, k1, p);
    for (i = 0; i < n; i++) yt[i] = y[i] + h * (1.0/4.0) * k1[i];
    f(t + h/4.0, yt, k2, p);
    for (i = 0; i < n; i++) yt[i] = y[i] + h * (3.0/32.0*k1[i] + 9.0/32.0*k2[i]);
    f(t + 3.0*h/8.0, yt, k3, p);
    for (i = 0; i < n; i++) yt[i] = y[i] + h * (1932.0/2197.0*k1[i] - 7200.0/2197.0*k2[i] + 7296.0/2197.0*k3[i]);
    f(t + 12.0*h/13.0, yt, k4, p);
    for (i = 0; i < n; i++) yt[i] = y[i] + h * (439.0/216.0*k1[i] - 8.0*k2[i] + 3680.0/513.0*k3[i] - 845.0/4104.0*k4[i]);
    f(t + h, yt, k5, p);
    for (i = 0; i < n; i++) yt[i] = y[i] + h * (-8.0/27.0*k1[i] + 2.0*k2[i] - 3544.0/2565.0*k3[i] + 1859.0/4104.0*k4[i] - 11.0/40.0*k5[i]);
    f(t + h/2.0, yt, k6, p);
    double e2 = 0.0;
    for (i = 0; i < n; i++) {
        y5[i] = y[i] + h * (16.0/135.0*k1[i] + 6656.0/12825.0*k3[i] + 28561.0/56430.0*k4[i] - 9.0/50.0*k5[i] + 2.0/55.0*k6[i]);
        double e = h * (1.0/360.0*k1[i] - 128.0/4275.0*k3[i] - 2197.0/75240.0*k4[i] + 1.0/50.0*k5[i] + 2.0/55.0*k6[i]);
        e2 += e * e;
    }
    *err = sqrt(e2 / n);
}

/* integrates y' = f(t, y; p) from 0 to t1; returns the number of accepted steps */
int rkf45(derivs_t f, const double *y0, const double *p, double t1, double tol, double *y, int n)
{
    double t = 0.0, h = 0.05, err, ynew[n];
    int nacc = 0, nrej = 0;
    memcpy(y, y0, n * sizeof(double));
#pragma ad checkpoint
    while (t < t1 && nacc + nrej < 10000) {
        if (t + h > t1) h = t1 - t;
        rkf45_step(f, t, y, h, n, p, ynew, &err);
        if (err <= tol) {
            t += h;
            memcpy(y, ynew, n * sizeof(double));
            nacc++;
        } else {
            nrej++;
        }
        double fac = 0.9 * pow(tol / fmax(err, 1e-300), 0.2);
        h *= fmin(4.0, fmax(0.1, fac));
    }
    return nacc;
}

double misfit(const double *y0, const double *p, const double *yobs)
{
    double y[2];
    rkf45(lotka_volterra, y0, p, 6.0, 1e-6, y, 2);
    return 0.5 * ((y[0] - yobs[0]) * (y[0] - yobs[0]) + (y[1] - yobs[1]) * (y[1] - yobs[1]));
}
void endstate(const double *p, double *y)
{
    const double y0[2] = {1.0, 0.5};
    rkf45(lotka_volterra, y0, p, 6.0, 1e-6, y, 2);
}
#pragma ad grad(misfit) wrt(y0[2], p[4])
#pragma ad jvp(misfit) wrt(y0[2], p[4])
#pragma ad jacfwd(endstate) wrt(p[4]) out(y[2])
#pragma ad jacrev(endstate) wrt(p[4]) out(y[2])

#include "rkf45_adaptive.ad.h"

int main(void)
{
    double y0[2] = {1.0, 0.5}, p[4] = {1.1, 0.8, 0.9, 0.6}, yobs[2] = {0.7, 1.3};
    double gy[2], gp[4], z[6], h = 1e-7;
    double f0 = misfit(y0, p, yobs);
    double f1 = misfit_grad(y0, gy, p, gp, yobs);
    CHECK_CLOSE("primal", f1, f0, 1e-15, 0);
    memcpy(z, y0, sizeof y0); memcpy(z + 2, p, sizeof p);
    for (int j = 0; j < 6; j++) {
        double zp[6], zm[6]; memcpy(zp, z, sizeof z); memcpy(zm, z, sizeof z); zp[j] += h; zm[j] -= h;
        double fd = (misfit(zp, zp + 2, yobs) - misfit(zm, zm + 2, yobs)) / (2 * h);
        CHECK_CLOSE("grad vs fd", j < 2 ? gy[j] : gp[j - 2], fd, 1e-6, 1e-8);
    }
    double v[6], fdot = 0, dot = 0;
    OracleRng r = oracle_rng(3);
    oracle_fill_uniform(&r, v, 6, -1, 1);
    for (int j = 0; j < 6; j++) dot += v[j] * (j < 2 ? gy[j] : gp[j - 2]);
    misfit_jvp(y0, v, p, v + 2, yobs, &fdot);
    CHECK_CLOSE("jvp . dot", fdot, dot, 1e-11, 1e-13);
    double Jf[8], Jr[8], y[2];
    endstate_jacfwd(p, y, Jf);
    endstate_jacrev(p, y, Jr);
    CHECK_VEC_CLOSE("jacrev = jacfwd", Jr, Jf, 8, 1e-10, 1e-12);
    for (int j = 0; j < 4; j++) {
        double pp[4], pm[4], yp[2], ym[2]; memcpy(pp, p, sizeof p); memcpy(pm, p, sizeof p); pp[j] += h; pm[j] -= h;
        endstate(pp, yp); endstate(pm, ym);
        for (int i = 0; i < 2; i++) CHECK_CLOSE("jacfwd vs fd", Jf[i * 4 + j], (yp[i] - ym[i]) / (2 * h), 1e-6, 1e-8);
    }
    return oracle_result();
}
