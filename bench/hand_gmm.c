/*
** bench/hand_gmm.c: hand-written adjoint of gmm_objective (gmm.c), in the
** style of ADBench's manual GMM gradient: nothing is taped; per data point
** the centred points xc_k = x - mu_k and y_k = Q_k xc_k of all K components
** are kept in two K*d scratch arrays, the softmax weights of the point's
** log-sum-exp are formed, and the point's contribution is pulled back at
** once.
**
** With Q_k = diag(exp(q_k)) + L_k (L_k strictly lower, column by column in
** icf after the d log-diagonal entries) and
**     mt_k = alpha_k + sum(q_k) - |y_k|^2 / 2,   w_k = softmax(mt)_k,
** a point contributes
**     alpha_bar_k += w_k,   sum(q_k)_bar += w_k,   y_bar = -w_k y_k,
**     Qdiag_bar += y_bar .* xc,   L_bar[j,i] += y_bar_j xc_i,
**     xc_bar = Q_k^T y_bar,   mu_bar_k -= xc_bar.
** Then -n lse(alpha) gives alpha_bar -= n softmax(alpha), and the Wishart
** prior sum_k 0.5 gamma^2 (|exp(q_k)|^2 + |L_k|^2) - m sum(q_k) gives
** q_bar += gamma^2 exp(2q) - m on the diagonal and L_bar += gamma^2 L.
** Qdiag_bar turns into q_bar through exp'(q) = exp(q) at the end.
*/
#include <math.h>
#include <stdlib.h>

#include "bench_cases.h"

#define GMM_PI 3.14159265358979323846

static double log_gamma_distrib(double a, double p)
{
    double out = 0.25 * p * (p - 1) * log(GMM_PI);
    for (int j = 1; j <= p; j++)
        out = out + lgamma(a + 0.5 * (1 - j));
    return out;
}

void gmm_objective_hand(int d, int k, int n, const double *alphas, double *alphas_bar,
                        const double *means, double *means_bar, const double *icf,
                        double *icf_bar, const double *x, Wishart wishart, double *err)
{
    const int icf_sz = d * (d + 1) / 2;
    double *Qdiags = malloc((size_t)(d * k) * sizeof(double));
    double *Qdiags_bar = calloc((size_t)(d * k), sizeof(double));
    double *sum_qs = malloc((size_t)k * sizeof(double));
    double *sum_qs_bar = calloc((size_t)k, sizeof(double));
    double *xc = malloc((size_t)(d * k) * sizeof(double));
    double *y = malloc((size_t)(d * k) * sizeof(double));
    double *mt = malloc((size_t)k * sizeof(double));
    double *ybar = malloc((size_t)d * sizeof(double));
    double *xcbar = malloc((size_t)d * sizeof(double));

    for (int i = 0; i < k; i++)
        alphas_bar[i] = 0.0;
    for (int i = 0; i < k * d; i++)
        means_bar[i] = 0.0;
    for (int i = 0; i < k * icf_sz; i++)
        icf_bar[i] = 0.0;

    for (int ik = 0; ik < k; ik++) {
        double s = 0.0;
        for (int id = 0; id < d; id++) {
            double q = icf[ik * icf_sz + id];
            s += q;
            Qdiags[ik * d + id] = exp(q);
        }
        sum_qs[ik] = s;
    }

    double slse = 0.0;
    for (int ix = 0; ix < n; ix++) {
        const double *xi = &x[ix * d];
        /* forward: main terms of all components */
        double mx = -INFINITY;
        for (int ik = 0; ik < k; ik++) {
            const double *mu = &means[ik * d], *Qd = &Qdiags[ik * d];
            const double *L = &icf[ik * icf_sz + d];
            double *xck = &xc[ik * d], *yk = &y[ik * d];
            for (int id = 0; id < d; id++) {
                xck[id] = xi[id] - mu[id];
                yk[id] = Qd[id] * xck[id];
            }
            int li = 0;
            for (int i = 0; i < d; i++)
                for (int j = i + 1; j < d; j++)
                    yk[j] += L[li++] * xck[i];
            double sq = 0.0;
            for (int id = 0; id < d; id++)
                sq += yk[id] * yk[id];
            mt[ik] = alphas[ik] + sum_qs[ik] - 0.5 * sq;
            if (mt[ik] > mx)
                mx = mt[ik];
        }
        double se = 0.0;
        for (int ik = 0; ik < k; ik++) {
            mt[ik] = exp(mt[ik] - mx);
            se += mt[ik];
        }
        slse += log(se) + mx;
        /* reverse: mt now holds exp(mt - max); w = mt / se */
        double sinv = 1.0 / se;
        for (int ik = 0; ik < k; ik++) {
            double w = mt[ik] * sinv;
            const double *Qd = &Qdiags[ik * d], *L = &icf[ik * icf_sz + d];
            const double *xck = &xc[ik * d], *yk = &y[ik * d];
            double *Qdb = &Qdiags_bar[ik * d], *Lb = &icf_bar[ik * icf_sz + d];
            double *mub = &means_bar[ik * d];
            alphas_bar[ik] += w;
            sum_qs_bar[ik] += w;
            for (int id = 0; id < d; id++) {
                ybar[id] = -w * yk[id];
                Qdb[id] += ybar[id] * xck[id];
                xcbar[id] = Qd[id] * ybar[id];
            }
            int li = 0;
            for (int i = 0; i < d; i++)
                for (int j = i + 1; j < d; j++) {
                    Lb[li] += ybar[j] * xck[i];
                    xcbar[i] += L[li] * ybar[j];
                    li++;
                }
            for (int id = 0; id < d; id++)
                mub[id] -= xcbar[id];
        }
    }

    /* -n lse(alphas) */
    double amax = alphas[0];
    for (int ik = 1; ik < k; ik++)
        if (alphas[ik] > amax)
            amax = alphas[ik];
    double sa = 0.0;
    for (int ik = 0; ik < k; ik++)
        sa += exp(alphas[ik] - amax);
    double lse_alphas = log(sa) + amax;
    for (int ik = 0; ik < k; ik++)
        alphas_bar[ik] -= n * exp(alphas[ik] - lse_alphas);

    /* Wishart prior */
    const double g2 = wishart.gamma * wishart.gamma;
    int pn = d + wishart.m + 1;
    double C = pn * d * (log(wishart.gamma) - 0.5 * log(2)) - log_gamma_distrib(0.5 * pn, d);
    double prior = 0.0;
    for (int ik = 0; ik < k; ik++) {
        const double *Qd = &Qdiags[ik * d], *L = &icf[ik * icf_sz + d];
        double *qb = &icf_bar[ik * icf_sz], *Lb = &icf_bar[ik * icf_sz + d];
        double fro = 0.0;
        for (int id = 0; id < d; id++) {
            fro += Qd[id] * Qd[id];
            Qdiags_bar[ik * d + id] += g2 * Qd[id];
        }
        for (int i = 0; i < icf_sz - d; i++) {
            fro += L[i] * L[i];
            Lb[i] += g2 * L[i];
        }
        prior += 0.5 * g2 * fro - wishart.m * sum_qs[ik];
        sum_qs_bar[ik] -= wishart.m;
        /* q -> (sum_qs, Qdiags = exp(q)) */
        for (int id = 0; id < d; id++)
            qb[id] += sum_qs_bar[ik] + Qdiags_bar[ik * d + id] * Qd[id];
    }
    prior -= k * C;

    const double CONSTANT = -n * d * 0.5 * log(2 * GMM_PI);
    *err = CONSTANT + slse - n * lse_alphas + prior;

    free(Qdiags);
    free(Qdiags_bar);
    free(sum_qs);
    free(sum_qs_bar);
    free(xc);
    free(y);
    free(mt);
    free(ybar);
    free(xcbar);
}
