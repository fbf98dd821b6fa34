// NO-STANDALONE-HEADER: Wishart is an anonymous struct typedef (as in ADBench), which a header cannot redeclare after this file defines it (C11), so gmm.ad.h relies on the definition above its #include
/*
** grad/gmm: the Gaussian mixture objective of jvp/gmm (ADBench-style C:
** offsets into arrays, malloc'd scratch, log-sum-exp with a max, lgamma in
** the prior's constant, the prior passed by value) in reverse mode. The
** output is written through err (out(err[1])), so grad gives it no shadow
** and vjp gives err_bar (the seed, zero on exit). Gradient w.r.t. alphas,
** means and icf against central differences; dot-product test against
** forward mode; accumulation and overwrite semantics.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define GMM_PI 3.14159265358979323846

typedef struct {
    double gamma;
    int m;
} Wishart;

static double arr_max(int n, const double *x)
{
    double m = x[0];
    for (int i = 1; i < n; i++)
        if (m < x[i])
            m = x[i];
    return m;
}

static double sqnorm(int n, const double *x)
{
    double res = x[0] * x[0];
    for (int i = 1; i < n; i++)
        res = res + x[i] * x[i];
    return res;
}

static void subtract(int d, const double *x, const double *y, double *out)
{
    for (int id = 0; id < d; id++)
        out[id] = x[id] - y[id];
}

static double logsumexp(int n, const double *x)
{
    double mx = arr_max(n, x);
    double semx = 0.;
    for (int i = 0; i < n; i++)
        semx = semx + exp(x[i] - mx);
    return log(semx) + mx;
}

static double log_gamma_distrib(double a, double p)
{
    double out = 0.25 * p * (p - 1) * log(GMM_PI);
    for (int j = 1; j <= p; j++)
        out = out + lgamma(a + 0.5 * (1 - j));
    return out;
}

static double log_wishart_prior(int p, int k, Wishart wishart, const double *sum_qs,
                                const double *Qdiags, const double *icf)
{
    int n = p + wishart.m + 1;
    int icf_sz = p * (p + 1) / 2;
    double C = n * p * (log(wishart.gamma) - 0.5 * log(2)) - log_gamma_distrib(0.5 * n, p);
    double out = 0;
    for (int ik = 0; ik < k; ik++) {
        double frobenius = sqnorm(p, &Qdiags[ik * p]) + sqnorm(icf_sz - p, &icf[ik * icf_sz + p]);
        out = out + 0.5 * wishart.gamma * wishart.gamma * (frobenius) - wishart.m * sum_qs[ik];
    }
    return out - k * C;
}

static void preprocess_qs(int d, int k, const double *icf, double *sum_qs, double *Qdiags)
{
    int icf_sz = d * (d + 1) / 2;
    for (int ik = 0; ik < k; ik++) {
        sum_qs[ik] = 0.;
        for (int id = 0; id < d; id++) {
            double q = icf[ik * icf_sz + id];
            sum_qs[ik] = sum_qs[ik] + q;
            Qdiags[ik * d + id] = exp(q);
        }
    }
}

/* out = Q x for Q = diag(Qdiag) + strictly lower ltri (column by column) */
static void Qtimesx(int d, const double *Qdiag, const double *ltri, const double *x, double *out)
{
    for (int id = 0; id < d; id++)
        out[id] = Qdiag[id] * x[id];
    int Lparamsidx = 0;
    for (int i = 0; i < d; i++)
        for (int j = i + 1; j < d; j++) {
            out[j] = out[j] + ltri[Lparamsidx] * x[i];
            Lparamsidx++;
        }
}

void gmm_objective(int d, int k, int n, const double *alphas, const double *means,
                   const double *icf, const double *x, Wishart wishart, double *err)
{
    const double CONSTANT = -n * d * 0.5 * log(2 * GMM_PI);
    int icf_sz = d * (d + 1) / 2;
    double *Qdiags = malloc((size_t)(d * k) * sizeof(double));
    double *sum_qs = malloc((size_t)k * sizeof(double));
    double *xcentered = malloc((size_t)d * sizeof(double));
    double *Qxcentered = malloc((size_t)d * sizeof(double));
    double *main_term = malloc((size_t)k * sizeof(double));

    preprocess_qs(d, k, icf, &sum_qs[0], &Qdiags[0]);

    double slse = 0.;
    for (int ix = 0; ix < n; ix++) {
        for (int ik = 0; ik < k; ik++) {
            subtract(d, &x[ix * d], &means[ik * d], &xcentered[0]);
            Qtimesx(d, &Qdiags[ik * d], &icf[ik * icf_sz + d], &xcentered[0], &Qxcentered[0]);
            main_term[ik] = alphas[ik] + sum_qs[ik] - 0.5 * sqnorm(d, &Qxcentered[0]);
        }
        slse = slse + logsumexp(k, &main_term[0]);
    }
    double lse_alphas = logsumexp(k, alphas);
    *err = CONSTANT + slse - n * lse_alphas;
    *err = *err + log_wishart_prior(d, k, wishart, &sum_qs[0], &Qdiags[0], icf);

    free(Qdiags);
    free(sum_qs);
    free(xcentered);
    free(Qxcentered);
    free(main_term);
}

#pragma ad jvp(gmm_objective) wrt(alphas[k], means[k*d], icf[k*d*(d+1)/2]) out(err[1])
#pragma ad vjp(gmm_objective) wrt(alphas[k], means[k*d], icf[k*d*(d+1)/2]) out(err[1])
#pragma ad grad(gmm_objective) wrt(alphas[k], means[k*d], icf[k*d*(d+1)/2]) out(err[1])

#include "gmm.ad.h"

#define D 3
#define K 4
#define NPTS 10
#define ICF_SZ (D * (D + 1) / 2)
#define NIN (K + K * D + K * ICF_SZ)

typedef struct {
    const double *x;
    Wishart wishart;
} GmmData;

static void gmm_flat(void *ctx, const double *in, double *y)
{
    const GmmData *g = ctx;
    gmm_objective(D, K, NPTS, in, in + K, in + K + K * D, g->x, g->wishart, y);
}

static void gmm_jvp_flat(void *ctx, const double *in, const double *v, double *y, double *ydot)
{
    const GmmData *g = ctx;
    gmm_objective_jvp(D, K, NPTS, in, v, in + K, v + K, in + K + K * D, v + K + K * D,
                      g->x, g->wishart, y, ydot);
}

static void gmm_vjp_flat(void *ctx, const double *in, double *inbar, double *w, double *y)
{
    const GmmData *g = ctx;
    gmm_objective_vjp(D, K, NPTS, in, inbar, in + K, inbar + K, in + K + K * D,
                      inbar + K + K * D, g->x, g->wishart, y, w);
}

static double gmm_grad_flat(void *ctx, const double *in, double *gr)
{
    const GmmData *g = ctx;
    double err = NAN;
    gmm_objective_grad(D, K, NPTS, in, gr, in + K, gr + K, in + K + K * D, gr + K + K * D,
                       g->x, g->wishart, &err);
    return err;
}

int main(void)
{
    OracleRng rng = oracle_rng(20240601);
    double in[NIN], x[NPTS * D];
    GmmData g;
    g.x = x;
    g.wishart.gamma = 1.5;
    g.wishart.m = 2;
    oracle_fill_normal(&rng, in, K);
    oracle_fill_uniform(&rng, in + K, K * D, -1.0, 1.0);
    for (int i = 0; i < K * ICF_SZ; i++)
        in[K + K * D + i] = 0.3 * oracle_normal(&rng);
    oracle_fill_normal(&rng, x, NPTS * D);

    OracleProblem p = {.name = "gmm", .n = NIN, .m = 1, .f = gmm_flat, .jvp = gmm_jvp_flat,
                       .vjp = gmm_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_grad(&p, &g, in, gmm_grad_flat, NIN);
    oracle_check_vjp(&p, &g, in, &rng, 3, NIN);

    /* the alphas part of the gradient in closed form:
    ** d err / d alpha_k = sum_i softmax_k(main_term_i) - n softmax_k(alphas) */
    {
        double gr[NIN], want[K] = {0}, mt[K], sa = 0.0, amax = in[0];
        gmm_grad_flat(&g, in, gr);
        for (int k = 1; k < K; k++)
            amax = fmax(amax, in[k]);
        for (int k = 0; k < K; k++)
            sa += exp(in[k] - amax);
        for (int k = 0; k < K; k++)
            want[k] = -NPTS * exp(in[k] - amax) / sa;
        for (int i = 0; i < NPTS; i++) {
            double m = -INFINITY, s = 0.0;
            for (int k = 0; k < K; k++) {
                const double *mu = in + K + k * D, *q = in + K + K * D + k * ICF_SZ;
                double xc[D], qx[D], sq = 0.0, sumq = 0.0;
                for (int a = 0; a < D; a++) {
                    xc[a] = x[i * D + a] - mu[a];
                    qx[a] = exp(q[a]) * xc[a];
                    sumq += q[a];
                }
                int l = D;
                for (int a = 0; a < D; a++)
                    for (int b = a + 1; b < D; b++)
                        qx[b] += q[l++] * xc[a];
                for (int a = 0; a < D; a++)
                    sq += qx[a] * qx[a];
                mt[k] = in[k] + sumq - 0.5 * sq;
                m = fmax(m, mt[k]);
            }
            for (int k = 0; k < K; k++)
                s += exp(mt[k] - m);
            for (int k = 0; k < K; k++)
                want[k] += exp(mt[k] - m) / s;
        }
        /* sums of NPTS softmax terms of size <= 1: 1e-12 relative, 1e-13 absolute */
        CHECK_VEC_CLOSE("gmm d err / d alphas closed form", gr, want, K, ORACLE_RTOL_EXACT, 1e-13);
    }
    return oracle_result();
}
