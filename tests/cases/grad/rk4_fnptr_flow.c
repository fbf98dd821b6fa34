/* an RK4 integrator taking the right-hand side through a function pointer (JAX's
   odeint analog), helpers returning fresh malloc'd memory and a pointer into a
   buffer; grad of a loss on the final state wrt (y0, params), jacfwd of the flow map,
   hessian; oracles: FD and the exact flow of the linear ODE y' = -k y. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

typedef void (*rhs_fn)(const double *y, const double *p, double *dy);

static void decay(const double *y, const double *p, double *dy) { dy[0] = -p[0] * y[0]; dy[1] = -p[1] * y[1]; }
static void lotka(const double *y, const double *p, double *dy)
{
    dy[0] = p[0] * y[0] - p[1] * y[0] * y[1];
    dy[1] = -p[0] * y[1] + p[1] * y[0] * y[1];
}

static double *vec_new(int n) { return calloc((size_t)n, sizeof(double)); }
static double *stage(double *ks, int i) { return ks + 2 * i; }

static void rk4(rhs_fn f, double *y, const double *p, double dt, int steps)
{
    double *ks = vec_new(8), *tmp = vec_new(2);
    for (int s = 0; s < steps; s++) {
        f(y, p, stage(ks, 0));
        for (int i = 0; i < 2; i++) tmp[i] = y[i] + 0.5 * dt * stage(ks, 0)[i];
        f(tmp, p, stage(ks, 1));
        for (int i = 0; i < 2; i++) tmp[i] = y[i] + 0.5 * dt * stage(ks, 1)[i];
        f(tmp, p, stage(ks, 2));
        for (int i = 0; i < 2; i++) tmp[i] = y[i] + dt * stage(ks, 2)[i];
        f(tmp, p, stage(ks, 3));
        for (int i = 0; i < 2; i++)
            y[i] += dt / 6 * (ks[i] + 2 * ks[2 + i] + 2 * ks[4 + i] + ks[6 + i]);
    }
    free(ks);
    free(tmp);
}

double flow_loss(const double *y0, const double *p, int which)
{
    double y[2] = {y0[0], y0[1]};
    rk4(which ? lotka : decay, y, p, 0.05, 40);
    return y[0] * y[0] + 0.5 * y[1];
}

void flow(const double *y0, const double *p, double *y1)
{
    y1[0] = y0[0]; y1[1] = y0[1];
    rk4(decay, y1, p, 0.01, 100);
}

#pragma ad grad(flow_loss) wrt(y0[2], p[2])
#pragma ad hessian(flow_loss) wrt(y0[2], p[2])
#pragma ad jacfwd(flow) wrt(y0[2], p[2]) out(y1[2])
#pragma ad jacrev(flow) wrt(y0[2], p[2]) out(y1[2])

#include "rk4_fnptr_flow.ad.h"

int main(void)
{
    for (int which = 0; which < 2; which++) {
        double y0[2] = {1.0, 0.5}, p[2] = {0.8, 0.3}, gy[2], gp[2], H[16];
        flow_loss_grad(y0, gy, p, gp, which);
        double x[4] = {1.0, 0.5, 0.8, 0.3}, fd[4], g[4] = {gy[0], gy[1], gp[0], gp[1]};
        for (int j = 0; j < 4; j++) {
            double xp[4], xm[4], h = 1e-6;
            memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
            xp[j] += h; xm[j] -= h;
            fd[j] = (flow_loss(xp, xp + 2, which) - flow_loss(xm, xm + 2, which)) / (2 * h);
        }
        CHECK_VEC_CLOSE("grad through fn pointer rk4", g, fd, 4, 1e-6, 1e-8);
        flow_loss_hessian(y0, p, which, H);
        for (int j = 0; j < 4; j++) {
            double xp[4], xm[4], a[2], b[2], c2[2], d2[2], h = 1e-5;
            memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
            xp[j] += h; xm[j] -= h;
            flow_loss_grad(xp, a, xp + 2, b, which); flow_loss_grad(xm, c2, xm + 2, d2, which);
            double gpp[4] = {a[0], a[1], b[0], b[1]}, gmm[4] = {c2[0], c2[1], d2[0], d2[1]};
            for (int i = 0; i < 4; i++) CHECK_CLOSE("hessian rk4", H[i * 4 + j], (gpp[i] - gmm[i]) / (2 * h), 1e-5, 1e-6);
        }
    }
    double y0[2] = {1.0, 2.0}, p[2] = {0.5, 1.5}, y1[2], J[8], Jr[8];
    flow_jacfwd(y0, p, y1, J);
    flow_jacrev(y0, p, y1, Jr);
    /* RK4 on y' = -k y is y <- R(z) y with R(z) = 1 + z + z^2/2 + z^3/6 + z^4/24,
       z = -k dt: y1 = y0 R^100, d y1 / d k = -dt y0 100 R^99 R'(z) (exact for the
       discrete map the code computes) */
    double R[2], dR[2];
    for (int i = 0; i < 2; i++) {
        double z = -p[i] * 0.01;
        R[i] = 1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24;
        dR[i] = 1 + z + z * z / 2 + z * z * z / 6;
    }
    const double Jw[8] = {pow(R[0], 100), 0, -0.01 * y0[0] * 100 * pow(R[0], 99) * dR[0], 0,
                          0, pow(R[1], 100), 0, -0.01 * y0[1] * 100 * pow(R[1], 99) * dR[1]};
    CHECK_VEC_CLOSE("jacfwd flow vs the discrete flow map", J, Jw, 8, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jacrev = jacfwd", Jr, J, 8, 1e-12, 1e-14);
    return oracle_result();
}
