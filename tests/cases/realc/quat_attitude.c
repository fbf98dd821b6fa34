/*
** realc/quat_attitude: attitude kinematics as flight and robotics code writes
** it: quaternions as double[4] (w, x, y, z) with a Hamilton product helper,
** the exponential map of a body rate over a step (axis-angle with a small-
** angle branch), renormalisation each step, rotation of a body vector into
** the world frame by q v q*, and a rotation matrix from the quaternion.
** Requests: jacfwd and jacrev of the final world-frame vector wrt the body
** rates of every step; grad of an attitude error; jvp.
** Oracles: jacrev = jacfwd (1e-12); central differences (h = 1e-6, rtol
** 1e-6); the world vector keeps its length (|v| = 1 in every perturbation:
** J^T v = 0 for the output direction, 1e-12); jvp by dot product.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

static void quat_mul(const double *a, const double *b, double *out)
{
    double r[4];
    r[0] = a[0]*b[0] - a[1]*b[1] - a[2]*b[2] - a[3]*b[3];
    r[1] = a[0]*b[1] + a[1]*b[0] + a[2]*b[3] - a[3]*b[2];
    r[2] = a[0]*b[2] - a[1]*b[3] + a[2]*b[0] + a[3]*b[1];
    r[3] = a[0]*b[3] + a[1]*b[2] - a[2]*b[1] + a[3]*b[0];
    memcpy(out, r, sizeof r);
}
static void quat_exp(const double *w, double dt, double *q)
{
    double th = sqrt(w[0]*w[0] + w[1]*w[1] + w[2]*w[2]) * dt;
    double s;
    if (th < 1e-8) { q[0] = 1.0 - th*th/8.0; s = 0.5*dt*(1.0 - th*th/24.0); }
    else { q[0] = cos(0.5*th); s = sin(0.5*th) / th * dt; }
    q[1] = s*w[0]; q[2] = s*w[1]; q[3] = s*w[2];
}
static void quat_normalize(double *q)
{
    double n = sqrt(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3]);
    for (int i = 0; i < 4; i++) q[i] /= n;
}
static void quat_to_dcm(const double *q, double R[3][3])
{
    double w = q[0], x = q[1], y = q[2], z = q[3];
    R[0][0] = 1 - 2*(y*y + z*z); R[0][1] = 2*(x*y - w*z);     R[0][2] = 2*(x*z + w*y);
    R[1][0] = 2*(x*y + w*z);     R[1][1] = 1 - 2*(x*x + z*z); R[1][2] = 2*(y*z - w*x);
    R[2][0] = 2*(x*z - w*y);     R[2][1] = 2*(y*z + w*x);     R[2][2] = 1 - 2*(x*x + y*y);
}
/* integrate body rates omega[nsteps][3] from q0, rotate body vector b */
void propagate(const double *q0, const double (*omega)[3], int nsteps, double dt, const double *b, double *vw)
{
    double q[4], dq[4], R[3][3];
    memcpy(q, q0, sizeof q);
    for (int k = 0; k < nsteps; k++) {
        quat_exp(omega[k], dt, dq);
        quat_mul(q, dq, q);
        quat_normalize(q);
    }
    quat_to_dcm(q, R);
    for (int i = 0; i < 3; i++) vw[i] = R[i][0]*b[0] + R[i][1]*b[1] + R[i][2]*b[2];
}
double attitude_error(const double *q0, const double (*omega)[3], int nsteps, double dt, const double *b, const double *target)
{
    double vw[3];
    propagate(q0, omega, nsteps, dt, b, vw);
    return 1.0 - (vw[0]*target[0] + vw[1]*target[1] + vw[2]*target[2]);
}
#pragma ad jacfwd(propagate) wrt(omega[nsteps][3]) out(vw[3])
#pragma ad jacrev(propagate) wrt(omega[nsteps][3]) out(vw[3])
#pragma ad grad(attitude_error) wrt(q0[4], omega[nsteps][3])
#pragma ad jvp(attitude_error) wrt(q0[4], omega[nsteps][3])

#include "quat_attitude.ad.h"

#define NS 6
int main(void)
{
    double q0[4] = {0.9, 0.1, -0.3, 0.2}, om[NS][3], b[3] = {0.6, 0.0, 0.8}, vw[3], tg[3] = {0.0, 1.0, 0.0};
    quat_normalize(q0);
    for (int k = 0; k < NS; k++) { om[k][0] = 0.5*sin(k); om[k][1] = 0.3*cos(2.0*k); om[k][2] = k == 2 ? 0.0 : 0.7; }
    om[3][0] = 2e-9; om[3][1] = -1e-9; om[3][2] = 0.0;   /* a tiny rate: the small-angle branch (an exact 0 gives sqrt'(0) = inf, NaN tangents, as documented) */
    double Jf[3 * NS * 3], Jr[3 * NS * 3];
    propagate_jacfwd(q0, (const double (*)[3])om, NS, 0.1, b, vw, Jf);
    propagate_jacrev(q0, (const double (*)[3])om, NS, 0.1, b, vw, Jr);
    CHECK_VEC_CLOSE("jacrev = jacfwd", Jr, Jf, 3 * NS * 3, 1e-12, 1e-14);
    for (int j = 0; j < 3 * NS; j++) {
        double op[NS][3], omm[NS][3], vp[3], vm[3], h = 1e-6;
        memcpy(op, om, sizeof om); memcpy(omm, om, sizeof om); op[j / 3][j % 3] += h; omm[j / 3][j % 3] -= h;
        propagate(q0, (const double (*)[3])op, NS, 0.1, b, vp); propagate(q0, (const double (*)[3])omm, NS, 0.1, b, vm);
        for (int i = 0; i < 3; i++) CHECK_CLOSE("jacfwd vs fd", Jf[i * 3 * NS + j], (vp[i] - vm[i]) / (2 * h), 1e-6, 1e-9);
        double radial = vw[0] * Jf[j] + vw[1] * Jf[3 * NS + j] + vw[2] * Jf[6 * NS + j];
        CHECK_CLOSE("rotation keeps |v|: v . dv = 0", radial, 0.0, 0, 1e-12);
    }
    double gq[4], gom[NS][3], fd = 0;
    double e0 = attitude_error_grad(q0, gq, (const double (*)[3])om, gom, NS, 0.1, b, tg);
    CHECK_CLOSE("primal", e0, attitude_error(q0, (const double (*)[3])om, NS, 0.1, b, tg), 1e-15, 0);
    for (int j = 0; j < 3 * NS; j++) {
        double gw = 0; for (int i = 0; i < 3; i++) gw -= tg[i] * Jf[i * 3 * NS + j];
        CHECK_CLOSE("grad omega = -target^T J", gom[j / 3][j % 3], gw, 1e-12, 1e-14);
    }
    for (int j = 0; j < 4; j++) {
        double qp[4], qm[4], h = 1e-6; memcpy(qp, q0, sizeof q0); memcpy(qm, q0, sizeof q0); qp[j] += h; qm[j] -= h;
        double d = (attitude_error(qp, (const double (*)[3])om, NS, 0.1, b, tg) - attitude_error(qm, (const double (*)[3])om, NS, 0.1, b, tg)) / (2 * h);
        CHECK_CLOSE("grad q0 vs fd", gq[j], d, 1e-6, 1e-9);
    }
    double vq[4] = {0.1, -0.2, 0.3, 0.05}, vo[NS][3];
    OracleRng r = oracle_rng(2);
    oracle_fill_uniform(&r, &vo[0][0], 3 * NS, -1, 1);
    attitude_error_jvp(q0, vq, (const double (*)[3])om, (const double (*)[3])vo, NS, 0.1, b, tg, &fd);
    CHECK_CLOSE("jvp . dot", fd, oracle_dot(vq, gq, 4) + oracle_dot(&vo[0][0], &gom[0][0], 3 * NS), 1e-12, 1e-14);
    return oracle_result();
}
