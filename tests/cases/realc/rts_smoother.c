/*
** realc/rts_smoother: a Rauch-Tung-Striebel smoother for a 2-state
** constant-velocity model, as a tracking code writes it: a forward Kalman
** filter storing the filtered and predicted means and covariances of every
** step in VLA parameters (double mf[T][2], double Pf[T][2][2], ...) that
** the caller owns, then the backward recursion with the smoother gain
** G = Pf F' Pp^-1 (2 x 2 inverse by the adjugate), the output the squared
** distance of the smoothed positions to a reference path. Inputs: the
** observations y[T] and log q. The storage arrays are scratch(...).
** Oracles: grad against central differences (h = 1e-6, rtol 1e-6), jvp dot
** grad (1e-12), jacrev of the smoothed positions against jacfwd (1e-12).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

static void inv2(double A[2][2], double B[2][2])
{
    double det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
    B[0][0] = A[1][1] / det; B[1][1] = A[0][0] / det;
    B[0][1] = -A[0][1] / det; B[1][0] = -A[1][0] / det;
}
void rts(int T, const double y[T], double logq, double ms[T][2], double mf[T][2], double Pf[T][2][2],
         double mp[T][2], double Pp[T][2][2])
{
    double q = exp(logq), r = 0.5, dt = 0.1;
    double F[2][2] = {{1.0, dt}, {0.0, 1.0}};
    double m[2] = {0.0, 0.0}, P[2][2] = {{1.0, 0.0}, {0.0, 1.0}};
    for (int t = 0; t < T; t++) {
        /* predict */
        mp[t][0] = m[0] + dt * m[1]; mp[t][1] = m[1];
        double FP[2][2];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) FP[i][j] = F[i][0] * P[0][j] + F[i][1] * P[1][j];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) Pp[t][i][j] = FP[i][0] * F[j][0] + FP[i][1] * F[j][1];
        Pp[t][0][0] += q * dt * dt * dt / 3; Pp[t][0][1] += q * dt * dt / 2; Pp[t][1][0] += q * dt * dt / 2; Pp[t][1][1] += q * dt;
        /* update with a position observation */
        double S = Pp[t][0][0] + r, K0 = Pp[t][0][0] / S, K1 = Pp[t][1][0] / S, v = y[t] - mp[t][0];
        m[0] = mp[t][0] + K0 * v; m[1] = mp[t][1] + K1 * v;
        P[0][0] = (1 - K0) * Pp[t][0][0]; P[0][1] = (1 - K0) * Pp[t][0][1];
        P[1][0] = Pp[t][1][0] - K1 * Pp[t][0][0]; P[1][1] = Pp[t][1][1] - K1 * Pp[t][0][1];
        mf[t][0] = m[0]; mf[t][1] = m[1];
        memcpy(Pf[t], P, sizeof P);
    }
    ms[T - 1][0] = mf[T - 1][0]; ms[T - 1][1] = mf[T - 1][1];
    for (int t = T - 2; t >= 0; t--) {
        double Pi[2][2], G[2][2];
        inv2(Pp[t + 1], Pi);
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) {
            double a = Pf[t][i][0] * F[j][0] + Pf[t][i][1] * F[j][1];   /* (Pf F')[i][j] */
            G[i][j] = a;
        }
        double GP[2][2];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) GP[i][j] = G[i][0] * Pi[0][j] + G[i][1] * Pi[1][j];
        double d0 = ms[t + 1][0] - mp[t + 1][0], d1 = ms[t + 1][1] - mp[t + 1][1];
        ms[t][0] = mf[t][0] + GP[0][0] * d0 + GP[0][1] * d1;
        ms[t][1] = mf[t][1] + GP[1][0] * d0 + GP[1][1] * d1;
    }
}
double rts_loss(int T, const double y[T], double logq, const double *ref, double ms[T][2], double mf[T][2],
                double Pf[T][2][2], double mp[T][2], double Pp[T][2][2])
{
    rts(T, y, logq, ms, mf, Pf, mp, Pp);
    double L = 0.0;
    for (int t = 0; t < T; t++) L += (ms[t][0] - ref[t]) * (ms[t][0] - ref[t]);
    return L;
}
#pragma ad grad(rts_loss) wrt(y[T], logq) scratch(ms[T][2], mf[T][2], Pf[T][2][2], mp[T][2], Pp[T][2][2])
#pragma ad jvp(rts_loss) wrt(y, logq) scratch(ms[T][2], mf[T][2], Pf[T][2][2], mp[T][2], Pp[T][2][2])
#pragma ad jacfwd(rts) wrt(y[T], logq) out(ms[T][2]) scratch(mf[T][2], Pf[T][2][2], mp[T][2], Pp[T][2][2])
#pragma ad jacrev(rts) wrt(y[T], logq) out(ms[T][2]) scratch(mf[T][2], Pf[T][2][2], mp[T][2], Pp[T][2][2])
#include "rts_smoother.ad.h"

#define TT 12
static double ms[TT][2], mf[TT][2], Pf[TT][2][2], mp[TT][2], Pp[TT][2][2];
int main(void)
{
    OracleRng rng = oracle_rng(23);
    double y[TT], ref[TT], g[TT], gq, v[TT], logq = -0.4;
    for (int t = 0; t < TT; t++) { ref[t] = 0.1 * t; y[t] = ref[t] + 0.3 * oracle_normal(&rng); v[t] = oracle_uniform(&rng, -1, 1); }
    double val = rts_loss_grad(TT, y, g, logq, &gq, ref, ms, mf, Pf, mp, Pp);
    CHECK_CLOSE("primal", val, rts_loss(TT, y, logq, ref, ms, mf, Pf, mp, Pp), 0, 0);
    for (int t = 0; t < TT; t++) {
        double s = y[t], h = 1e-6; y[t] = s + h; double fp = rts_loss(TT, y, logq, ref, ms, mf, Pf, mp, Pp);
        y[t] = s - h; double fm = rts_loss(TT, y, logq, ref, ms, mf, Pf, mp, Pp); y[t] = s;
        CHECK_CLOSE("grad y", g[t], (fp - fm) / (2 * h), 1e-6, 1e-8);
    }
    double h = 1e-6, fp = rts_loss(TT, y, logq + h, ref, ms, mf, Pf, mp, Pp), fm = rts_loss(TT, y, logq - h, ref, ms, mf, Pf, mp, Pp);
    CHECK_CLOSE("grad logq", gq, (fp - fm) / (2 * h), 1e-6, 1e-8);
    double jv, qd = 0.3;
    rts_loss_jvp(TT, y, v, logq, qd, ref, ms, mf, Pf, mp, Pp, &jv);
    CHECK_CLOSE("jvp.grad", jv, oracle_dot(g, v, TT) + gq * qd, 1e-12, 1e-14);
    static double Jf[2 * TT * (TT + 1)], Jr[2 * TT * (TT + 1)];
    rts_jacfwd(TT, y, logq, ms, mf, Pf, mp, Pp, Jf);
    rts_jacrev(TT, y, logq, ms, mf, Pf, mp, Pp, Jr);
    CHECK_VEC_CLOSE("jacrev = jacfwd", Jr, Jf, 2 * TT * (TT + 1), 1e-12, 1e-14);
    return oracle_result();
}
