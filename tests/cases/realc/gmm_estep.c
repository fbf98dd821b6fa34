// CFLAGS: -D_DEFAULT_SOURCE -fopenmp
// LIBS: -fopenmp
/*
** realc/gmm_estep: the E-step of a diagonal Gaussian mixture and soft
** k-means, as clustering codes write them: per point the log densities of
** K components into a VLA, a max-shifted log-sum-exp (the max found by a
** branchy scan), responsibilities written into r[n][K], the expected
** complete-data log-likelihood Q summed over points in an `omp parallel
** for reduction(+:Q)`; soft k-means: a softmin over squared distances
** with temperature T. Requests: grad of the log-likelihood w.r.t. means,
** log-variances and logits; grad of the soft k-means energy w.r.t. the
** centres, batched by vmap over several temperatures.
** Oracles: Fisher's identity d loglik / d mu_kd = sum_i r_ik (x_id -
** mu_kd) / var_kd, d/d log var_kd = sum_i r_ik ((x-mu)^2/var - 1)/2,
** d/d logit_k = sum_i r_ik - n pi_k (closed forms over the E-step's own
** responsibilities, 1e-10); soft k-means against central differences
** (1e-6); vmap(grad) against the unbatched gradient bitwise.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

double gmm_loglik(int n, int d, int K, const double *x, const double *mu, const double *logvar,
                  const double *logit, double *r)
{
    double lse_pi = -INFINITY, m0 = logit[0];
    for (int k = 1; k < K; k++) if (logit[k] > m0) m0 = logit[k];
    double s0 = 0.0;
    for (int k = 0; k < K; k++) s0 += exp(logit[k] - m0);
    lse_pi = m0 + log(s0);
    double L = 0.0;
#pragma omp parallel for reduction(+:L)
    for (int i = 0; i < n; i++) {
        double lp[K];
        for (int k = 0; k < K; k++) {
            double q = 0.0;
            for (int j = 0; j < d; j++) {
                double diff = x[i * d + j] - mu[k * d + j];
                q += diff * diff * exp(-logvar[k * d + j]) + logvar[k * d + j] + log(2.0 * M_PI);
            }
            lp[k] = logit[k] - lse_pi - 0.5 * q;
        }
        double m = lp[0];
        for (int k = 1; k < K; k++) m = lp[k] > m ? lp[k] : m;
        double s = 0.0;
        for (int k = 0; k < K; k++) s += exp(lp[k] - m);
        double lse = m + log(s);
        for (int k = 0; k < K; k++) r[i * K + k] = exp(lp[k] - lse);
        L += lse;
    }
    return L;
}
double softkmeans(int n, int d, int K, const double *x, const double *c, double T)
{
    double E = 0.0;
    for (int i = 0; i < n; i++) {
        double dist[16], mn = INFINITY;
        for (int k = 0; k < K; k++) {
            double s = 0.0;
            for (int j = 0; j < d; j++) s += (x[i * d + j] - c[k * d + j]) * (x[i * d + j] - c[k * d + j]);
            dist[k] = s;
            mn = fmin(mn, s);
        }
        double z = 0.0;
        for (int k = 0; k < K; k++) z += exp(-(dist[k] - mn) / T);
        E += mn - T * log(z);
    }
    return E;
}
#pragma ad grad(gmm_loglik) wrt(mu[K*d], logvar[K*d], logit[K]) scratch(r[n*K])
#pragma ad grad(softkmeans) wrt(c[K*d])
#pragma ad vmap(softkmeans_grad) batch(c[K*d], c_bar[K*d], T)
#include "gmm_estep.ad.h"

#define N 50
#define D 2
#define KK 3
int main(void)
{
    OracleRng rng = oracle_rng(41);
    static double x[N * D], mu[KK * D], lv[KK * D], lg[KK], r[N * KK], gmu[KK * D], glv[KK * D], glg[KK];
    oracle_fill_normal(&rng, x, N * D);
    oracle_fill_uniform(&rng, mu, KK * D, -1, 1);
    oracle_fill_uniform(&rng, lv, KK * D, -0.5, 0.5);
    oracle_fill_uniform(&rng, lg, KK, -1, 1);
    double L = gmm_loglik_grad(N, D, KK, x, mu, gmu, lv, glv, lg, glg, r);
    double rr[N * KK];
    CHECK_CLOSE("primal", L, gmm_loglik(N, D, KK, x, mu, lv, lg, rr), 1e-13, 0);
    double mx = lg[0], s = 0; for (int k = 1; k < KK; k++) mx = fmax(mx, lg[k]);
    for (int k = 0; k < KK; k++) s += exp(lg[k] - mx);
    for (int k = 0; k < KK; k++) {
        double nk = 0; for (int i = 0; i < N; i++) nk += rr[i * KK + k];
        CHECK_CLOSE("d/d logit", glg[k], nk - N * exp(lg[k] - mx) / s, 1e-10, 1e-12);
        for (int j = 0; j < D; j++) {
            double var = exp(lv[k * D + j]), a = 0, b = 0;
            for (int i = 0; i < N; i++) {
                double df = x[i * D + j] - mu[k * D + j];
                a += rr[i * KK + k] * df / var; b += rr[i * KK + k] * (df * df / var - 1) / 2;
            }
            CHECK_CLOSE("d/d mu (Fisher)", gmu[k * D + j], a, 1e-10, 1e-12);
            CHECK_CLOSE("d/d logvar (Fisher)", glv[k * D + j], b, 1e-10, 1e-12);
        }
    }
    double c[KK * D], gc[KK * D], T = 0.5;
    memcpy(c, mu, sizeof c);
    double E = softkmeans_grad(N, D, KK, x, c, gc, T);
    CHECK_CLOSE("kmeans primal", E, softkmeans(N, D, KK, x, c, T), 0, 0);
    for (int q = 0; q < KK * D; q++) {
        double sv = c[q]; c[q] = sv + 1e-6; double fp = softkmeans(N, D, KK, x, c, T);
        c[q] = sv - 1e-6; double fm = softkmeans(N, D, KK, x, c, T); c[q] = sv;
        CHECK_CLOSE("kmeans grad fd", gc[q], (fp - fm) / 2e-6, 1e-6, 1e-8 * fabs(E));
    }
    enum { B = 4 };
    double bc[B * KK * D], bg[B * KK * D], bT[B] = {0.1, 0.5, 1.0, 3.0}, bE[B], g1[KK * D];
    for (int b = 0; b < B; b++) for (int q = 0; q < KK * D; q++) bc[b * KK * D + q] = c[q] + 0.1 * b;
    softkmeans_grad_vmap(B, N, D, KK, x, bc, bg, bT, bE);
    for (int b = 0; b < B; b++) {
        double e1 = softkmeans_grad(N, D, KK, x, bc + b * KK * D, g1, bT[b]);
        CHECK_CLOSE("vmap E", bE[b], e1, 0, 0);
        CHECK_VEC_CLOSE("vmap grad", bg + b * KK * D, g1, KK * D, 0, 0);
    }
    return oracle_result();
}
