/*
** bench/jac_models.c: the functions of bench_jac (see README.md).
**
** layer: a dense layer with two elementwise nonlinearities,
**     y_i = softplus(tanh(u_i)),  u = W x + b,  softplus(t) = log(1 + e^t),
** f: R^n -> R^m with the weights W (m x n, row-major) and bias b fixed
** data. Its Jacobian is diag(sigmoid(tanh u) (1 - tanh^2 u)) W, dense, and
** one primal call costs m n multiply-adds plus m tanh/exp/log1p.
**
** pair_energy: a smooth scalar of n inputs made of pairwise terms,
**     E(x) = 0.5 |x|^2 + sum_{i<j} K_ij log(1 + (x_i - x_j)^2),
** a Lorentzian-type pair potential (non-convex) with fixed weights K; its
** Hessian is dense. n (n - 1) / 2 log1p calls per primal.
**
** compute_reproj_error: one bundle-adjustment residual, as GradBench's ba.c
** (ADBench) writes it: the 2 x 15 block of the BA Jacobian for one
** observation (camera: 11 parameters, point: 3, weight: 1). The work is in
** helpers, four calls deep: project -> rodrigues_rotate_point -> sqsum,
** cross; radial_distort -> sqsum. Non-static functions with const pointer
** parameters, results through pointers, as in the original.
*/
#include <math.h>

#include "jac_models.h"

void layer(const double *x, int n, const double *W, const double *b, int m, double *y)
{
    for (int i = 0; i < m; i++) {
        double u = b[i];
        for (int j = 0; j < n; j++)
            u += W[i * n + j] * x[j];
        y[i] = log1p(exp(tanh(u))); /* tanh(u) in (-1, 1): exp cannot overflow */
    }
}

#pragma ad jacfwd(layer) wrt(x[n]) out(y[m])
#pragma ad jacrev(layer) wrt(x[n]) out(y[m])

double pair_energy(const double *x, int n, const double *K)
{
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        e += 0.5 * x[i] * x[i];
        for (int j = i + 1; j < n; j++) {
            double d = x[i] - x[j];
            e += K[i * n + j] * log1p(d * d);
        }
    }
    return e;
}

#pragma ad grad(pair_energy) wrt(x[n])
#pragma ad hvp(pair_energy) wrt(x[n])
#pragma ad hessian(pair_energy) wrt(x[n])

double sqsum(int n, const double *x)
{
    double res = 0;
    for (int i = 0; i < n; i++)
        res = res + x[i] * x[i];
    return res;
}

void cross(const double *a, const double *b, double *out)
{
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

/* rotate pt by the angle-axis vector rot (Rodrigues' formula; the first
** order form at angle 0) */
void rodrigues_rotate_point(const double *rot, const double *pt, double *rotatedPt)
{
    double sqtheta = sqsum(3, rot);
    if (sqtheta != 0) {
        double theta = sqrt(sqtheta), costheta = cos(theta), sintheta = sin(theta);
        double theta_inverse = 1.0 / theta, w[3], w_cross_pt[3], tmp;
        for (int i = 0; i < 3; i++)
            w[i] = rot[i] * theta_inverse;
        cross(w, pt, w_cross_pt);
        tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) * (1. - costheta);
        for (int i = 0; i < 3; i++)
            rotatedPt[i] = pt[i] * costheta + w_cross_pt[i] * sintheta + w[i] * tmp;
    } else {
        double rot_cross_pt[3];
        cross(rot, pt, rot_cross_pt);
        for (int i = 0; i < 3; i++)
            rotatedPt[i] = pt[i] + rot_cross_pt[i];
    }
}

void radial_distort(const double *rad_params, double *proj)
{
    double rsq = sqsum(2, proj);
    double L = 1. + rad_params[0] * rsq + rad_params[1] * rsq * rsq;
    proj[0] = proj[0] * L;
    proj[1] = proj[1] * L;
}

/* cam: [r1 r2 r3 C1 C2 C3 f u0 v0 k1 k2] */
void project(const double *cam, const double *X, double *proj)
{
    const double *C = &cam[3];
    double Xo[3], Xcam[3];
    Xo[0] = X[0] - C[0];
    Xo[1] = X[1] - C[1];
    Xo[2] = X[2] - C[2];
    rodrigues_rotate_point(&cam[0], Xo, Xcam);
    proj[0] = Xcam[0] / Xcam[2];
    proj[1] = Xcam[1] / Xcam[2];
    radial_distort(&cam[9], proj);
    proj[0] = proj[0] * cam[6] + cam[7];
    proj[1] = proj[1] * cam[6] + cam[8];
}

void compute_reproj_error(const double *cam, const double *X, const double *w, const double *feat,
                          double *err)
{
    double proj[2];
    project(cam, X, proj);
    err[0] = (*w) * (proj[0] - feat[0]);
    err[1] = (*w) * (proj[1] - feat[1]);
}

#pragma ad jacfwd(compute_reproj_error) wrt(cam[11], X[3], w[1]) out(err[2])
#pragma ad jacrev(compute_reproj_error) wrt(cam[11], X[3], w[1]) out(err[2])
