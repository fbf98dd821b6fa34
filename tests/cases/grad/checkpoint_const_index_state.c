/* A checkpointed loop whose state is a parameter written at constant indices
   (u[0], u[1], *area: an ODE's state vector, as ODE codes write it), reached
   from a request through a helper (so the request's sizes do not size it).
   The checkpoint used to be dropped with the warning "cc-ad cannot tell the
   size of the memory it writes through 'u'", the loop taped in full: the
   written span of constant-index stores is the largest index plus one.
   The program: adaptive Runge-Kutta-Fehlberg 4(5) on Lotka-Volterra, a while
   loop whose trip count depends on the data, rejected steps by continue, a
   shortened last step, under checkpoint(snapshots=4). Oracles: central
   differences of the loss (step 1e-6, 1e-5 relative: the tolerance 1e-7 of
   the integrator's error control is far above round-off, and the accepted
   step sequence is piecewise constant in p, the same for x +- h here);
   jvp against grad (1e-11), hvp against differences of the gradient (1e-5),
   jacrev against jacfwd of the flow map. */
#include <math.h>
#include "ccad_oracle.h"

static void rhs(const double *p, const double *u, double *du)
{
    du[0] = p[0] * u[0] - p[1] * u[0] * u[1];
    du[1] = -p[2] * u[1] + p[3] * u[0] * u[1];
}

static double rk45_step(const double *p, const double *u, double h, double *un)
{
    double k1[2], k2[2], k3[2], k4[2], k5[2], k6[2], t[2];
    rhs(p, u, k1);
    for (int i = 0; i < 2; i++) t[i] = u[i] + h * k1[i] / 4;
    rhs(p, t, k2);
    for (int i = 0; i < 2; i++) t[i] = u[i] + h * (3 * k1[i] + 9 * k2[i]) / 32;
    rhs(p, t, k3);
    for (int i = 0; i < 2; i++) t[i] = u[i] + h * (1932 * k1[i] - 7200 * k2[i] + 7296 * k3[i]) / 2197;
    rhs(p, t, k4);
    for (int i = 0; i < 2; i++) t[i] = u[i] + h * (439.0 / 216 * k1[i] - 8 * k2[i] + 3680.0 / 513 * k3[i] - 845.0 / 4104 * k4[i]);
    rhs(p, t, k5);
    for (int i = 0; i < 2; i++) t[i] = u[i] + h * (-8.0 / 27 * k1[i] + 2 * k2[i] - 3544.0 / 2565 * k3[i] + 1859.0 / 4104 * k4[i] - 11.0 / 40 * k5[i]);
    rhs(p, t, k6);
    double err = 0;
    for (int i = 0; i < 2; i++) {
        double y4 = u[i] + h * (25.0 / 216 * k1[i] + 1408.0 / 2565 * k3[i] + 2197.0 / 4104 * k4[i] - k5[i] / 5);
        un[i] = u[i] + h * (16.0 / 135 * k1[i] + 6656.0 / 12825 * k3[i] + 28561.0 / 56430 * k4[i] - 9.0 / 50 * k5[i] + 2.0 / 55 * k6[i]);
        err = fmax(err, fabs(un[i] - y4));
    }
    return err;
}

/* integrates to T, returns the number of accepted steps; state in u */
int integrate(const double *p, double *u, double T, double *area)
{
    double t = 0, h = 0.1;
    int acc = 0;
    const double tol = 1e-7;
#pragma ad checkpoint(snapshots=4)
    while (t < T) {
        if (t + h > T) h = T - t;
        double un[2];
        double err = rk45_step(p, u, h, un);
        if (err > tol) { h *= 0.5; continue; }
        t += h;
        *area += 0.5 * h * (u[0] + un[0]);
        u[0] = un[0]; u[1] = un[1];
        acc++;
        if (err < tol / 64) h *= 2;   /* discrete step control: piecewise constant in p */
    }
    return acc;
}

double loss(const double *p, const double *u0)
{
    double u[2] = {u0[0], u0[1]}, area = 0;
    integrate(p, u, 3.0, &area);
    return (u[0] - 1.0) * (u[0] - 1.0) + 0.5 * u[1] * u[1] + 0.1 * area;
}
#pragma ad grad(loss) wrt(p[4], u0[2])
#pragma ad jvp(loss) wrt(p, u0)
#pragma ad hvp(loss) wrt(p[4], u0[2])
#pragma ad jacrev(integrate) wrt(p[4], u[2]) out(u[2], area[1]) name(flow_jac)
#pragma ad jacfwd(integrate) wrt(p[4], u[2]) out(u[2], area[1]) name(flow_jacf)
#include "checkpoint_const_index_state.ad.h"

int main(void)
{
    double p[4] = {1.1, 0.4, 0.9, 0.35}, u0[2] = {1.5, 0.8}, gp[4], gu[2];
    double f = loss_grad(p, gp, u0, gu);
    CHECK_CLOSE("primal", f, loss(p, u0), 0, 0);
    double z[6] = {p[0], p[1], p[2], p[3], u0[0], u0[1]}, g[6] = {gp[0], gp[1], gp[2], gp[3], gu[0], gu[1]};
    for (int i = 0; i < 6; i++) {
        double zp[6], zm[6], h = 1e-6;
        for (int k = 0; k < 6; k++) zp[k] = zm[k] = z[k];
        zp[i] += h; zm[i] -= h;
        double fd = (loss(zp, zp + 4) - loss(zm, zm + 4)) / (2 * h);
        CHECK_CLOSE("grad vs fd", g[i], fd, 1e-5, 1e-8);
        double d[6] = {0}, rd; d[i] = 1;
        loss_jvp(p, d, u0, d + 4, &rd);
        CHECK_CLOSE("jvp vs grad", rd, g[i], 1e-11, 1e-14);
    }
    /* hvp against differences of the gradient */
    double v[6] = {0.3, -0.2, 0.5, 0.1, -0.4, 0.25}, hp[4], hu[2], h = 1e-5;
    loss_hvp(p, v, hp, u0, v + 4, hu);
    double zp[6], zm[6], gp2[6], gm2[6];
    for (int k = 0; k < 6; k++) zp[k] = z[k] + h * v[k], zm[k] = z[k] - h * v[k];
    loss_grad(zp, gp2, zp + 4, gp2 + 4); loss_grad(zm, gm2, zm + 4, gm2 + 4);
    double hv[6] = {hp[0], hp[1], hp[2], hp[3], hu[0], hu[1]};
    for (int k = 0; k < 6; k++) CHECK_CLOSE("hvp vs fd of grad", hv[k], (gp2[k] - gm2[k]) / (2 * h), 1e-5, 1e-7);
    double J[18], Jf[18], u[2] = {u0[0], u0[1]}, u2[2] = {u0[0], u0[1]}, ar = 0, ar2 = 0;
    int na = flow_jac(p, u, 3.0, &ar, J), nb = flow_jacf(p, u2, 3.0, &ar2, Jf);
    int nn; { double w[2] = {u0[0], u0[1]}, a0 = 0; nn = integrate(p, w, 3.0, &a0); CHECK_CLOSE("state", u[0], w[0], 0, 0); CHECK_CLOSE("area", ar, a0, 0, 0); }
    CHECK_EQ_INT("steps jacrev", na, nn); CHECK_EQ_INT("steps jacfwd", nb, nn);
    CHECK_VEC_CLOSE("jacrev = jacfwd", J, Jf, 18, 1e-10, 1e-12);
    return oracle_result();
}
