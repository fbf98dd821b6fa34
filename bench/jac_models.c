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
**
** ba_objective: the whole bundle-adjustment problem (GradBench's
** ba_objective): every observation's residual, and 1 - w_i^2 per weight;
** its Jacobian is sparse (15 nonzeros per residual row), by the sparse
** drivers.
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

/* The whole problem as GradBench's ba.c computes it: the residuals of p
** observations (observation i: camera obs[2i] of n, point obs[2i+1] of m),
** in one output array, and the weights' own residuals. */
void ba_objective(int n, int m, int p, const double *cams, const double *X, const double *w, const int *obs,
                  const double *feats, double *reproj_err, double *w_err)
{
    (void)n, (void)m; /* (the sizes of cams and X, for the requests) */
    for (int i = 0; i < p; i++) {
        int c = obs[2 * i], q = obs[2 * i + 1];
        compute_reproj_error(&cams[11 * c], &X[3 * q], &w[i], &feats[2 * i], &reproj_err[2 * i]);
    }
    for (int i = 0; i < p; i++)
        w_err[i] = 1 - w[i] * w[i];
}

#pragma ad jacfwd(ba_objective) wrt(cams[11 * n], X[3 * m], w[p]) out(reproj_err[2 * p], w_err[p]) sparse
#pragma ad jacrev(ba_objective) wrt(cams[11 * n], X[3 * m], w[p]) out(reproj_err[2 * p], w_err[p]) sparse

/* hand: a skinned hand as GradBench's hand tracking poses one. theta[26]:
** global rotation (angle-axis, 3), translation (3), then 4 bend angles per
** finger; 21 bones (the palm, 4 per finger), each turned about its x axis
** by its angle and shifted along y by its length from its parent; vertex v
** moves with two bones (bone[2v], bone[2v+1], weights wt[2v..]): its rest
** position (in the bone's frame) carried by each bone's world transform,
** blended. err[3v + k] = position - target. */
static void rotate_x(double angle, double R[9])
{
    double c = cos(angle), s = sin(angle);
    const double r[9] = {1, 0, 0, 0, c, -s, 0, s, c};
    for (int k = 0; k < 9; k++)
        R[k] = r[k];
}

static void mat_mul(const double *A, const double *B, double *C)
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            C[3 * i + j] = A[3 * i] * B[j] + A[3 * i + 1] * B[3 + j] + A[3 * i + 2] * B[6 + j];
}

static void angle_axis_to_matrix(const double *aa, double R[9])
{
    double th2 = aa[0] * aa[0] + aa[1] * aa[1] + aa[2] * aa[2];
    if (th2 < 1e-20) {
        const double I[9] = {1, -aa[2], aa[1], aa[2], 1, -aa[0], -aa[1], aa[0], 1};
        for (int k = 0; k < 9; k++)
            R[k] = I[k];
        return;
    }
    double th = sqrt(th2), c = cos(th), s = sin(th);
    double x = aa[0] / th, y = aa[1] / th, z = aa[2] / th;
    R[0] = c + x * x * (1 - c);
    R[1] = x * y * (1 - c) - z * s;
    R[2] = x * z * (1 - c) + y * s;
    R[3] = y * x * (1 - c) + z * s;
    R[4] = c + y * y * (1 - c);
    R[5] = y * z * (1 - c) - x * s;
    R[6] = z * x * (1 - c) - y * s;
    R[7] = z * y * (1 - c) + x * s;
    R[8] = c + z * z * (1 - c);
}

void hand_objective(const double *theta, const double *rest, const int *bone, const double *wt, const double *target,
                    int nv, double *err)
{
    double R[21][9], t[21][3];
    angle_axis_to_matrix(theta, R[0]);
    for (int k = 0; k < 3; k++)
        t[0][k] = theta[3 + k];
    for (int f = 0; f < 5; f++) {
        int parent = 0;
        for (int j = 0; j < 4; j++) {
            int b = 1 + 4 * f + j;
            double L[9];
            rotate_x(theta[6 + 4 * f + j], L);
            mat_mul(R[parent], L, R[b]);
            double len = j == 0 ? 0.4 + 0.05 * f : 0.25; /* offset along the parent's y axis */
            double off[3] = {j == 0 ? 0.1 * (f - 2) : 0.0, len, 0.0};
            for (int k = 0; k < 3; k++)
                t[b][k] = t[parent][k] + R[parent][3 * k] * off[0] + R[parent][3 * k + 1] * off[1] +
                          R[parent][3 * k + 2] * off[2];
            parent = b;
        }
    }
    for (int v = 0; v < nv; v++) {
        double pos[3] = {0, 0, 0};
        for (int i = 0; i < 2; i++) {
            int b = bone[2 * v + i];
            const double *r = rest + 3 * v;
            for (int k = 0; k < 3; k++)
                pos[k] += wt[2 * v + i] * (R[b][3 * k] * r[0] + R[b][3 * k + 1] * r[1] + R[b][3 * k + 2] * r[2] + t[b][k]);
        }
        for (int k = 0; k < 3; k++)
            err[3 * v + k] = pos[k] - target[3 * v + k];
    }
}

#pragma ad jacfwd(hand_objective) wrt(theta[26]) out(err[3 * nv])
#pragma ad jacfwd(hand_objective) wrt(theta[26]) out(err[3 * nv]) sparse name(hand_objective_jacfwd_sparse)

#pragma ad jacfwd(compute_reproj_error) wrt(cam[11], X[3], w[1]) out(err[2])
#pragma ad jacrev(compute_reproj_error) wrt(cam[11], X[3], w[1]) out(err[2])
