/*
** bench/gmm.c: the ADBench Gaussian mixture model objective, as numerical
** C writes it (offsets into arrays, malloc'd scratch, log-sum-exp with a
** max, lgamma in the Wishart prior's constant, the prior passed by value).
** Same code as tests/cases/grad/gmm.c; here d = 10, K = 25, n = 1000.
**
** Parameters: alphas[k] (mixture weights, log scale), means[k*d], and
** icf[k*d*(d+1)/2]: per component, d log-diagonal entries of the inverse
** Cholesky factor Q followed by its strictly lower part, column by column.
*/
#include <math.h>
#include <stdlib.h>

#include "bench_cases.h"

#define GMM_PI 3.14159265358979323846

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

#pragma ad grad(gmm_objective) wrt(alphas[k], means[k*d], icf[k*d*(d+1)/2]) out(err[1])
