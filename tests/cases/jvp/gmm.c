// NO-STANDALONE-HEADER: Wishart is an anonymous struct typedef (as in ADBench), which a header cannot redeclare after this file defines it (C11), so gmm.ad.h relies on the definition above its #include
/*
** jvp/gmm: the negative log-likelihood of a Gaussian mixture with a Wishart
** prior, written as numerical C is written (after ADBench's gmm objective):
** icf holds, per component, d log-diagonal entries and d(d-1)/2 strictly
** lower entries of the inverse Cholesky factor Q; helpers take offsets
** (&means[ik*d], &icf[ik*icf_sz + d], &x[ix*d]); scratch buffers are
** malloc'd and freed; log-sum-exp subtracts the maximum; the prior (a struct
** passed BY VALUE, inactive) has lgamma in its normalising constant; the
** result is written through err. Forward mode in random directions (and
** directions confined to one input block) against central differences.
*/
#include <math.h>
#include <stdlib.h>

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

#include "gmm.ad.h"

#define D 3
#define K 4
#define NPTS 10
#define ICF_SZ (D * (D + 1) / 2)
#define NIN (K + K * D + K * ICF_SZ) /* alphas, means, icf flattened */

typedef struct {
    const double *x;
    Wishart wishart;
} GmmData;

static void gmm_flat(void *ctx, const double *in, double *y)
{
    const GmmData *g = ctx;
    gmm_objective(D, K, NPTS, in, in + K, in + K + K * D, g->x, g->wishart, y);
}

static void gmm_jvp_flat(void *ctx, const double *in, const double *v, double *y,
                         double *ydot)
{
    const GmmData *g = ctx;
    gmm_objective_jvp(D, K, NPTS, in, v, in + K, v + K, in + K + K * D, v + K + K * D,
                      g->x, g->wishart, y, ydot);
}

int main(void)
{
    OracleRng rng = oracle_rng(20240601);
    double in[NIN], x[NPTS * D], v[NIN];
    GmmData g;
    g.x = x;
    g.wishart.gamma = 1.5;
    g.wishart.m = 2;

    oracle_fill_normal(&rng, in, K);                        /* alphas */
    oracle_fill_uniform(&rng, in + K, K * D, -1.0, 1.0);     /* means */
    for (int i = 0; i < K * ICF_SZ; i++)                     /* icf */
        in[K + K * D + i] = 0.3 * oracle_normal(&rng);
    oracle_fill_normal(&rng, x, NPTS * D);

    OracleProblem p = {.name = "gmm", .n = NIN, .m = 1, .f = gmm_flat, .jvp = gmm_jvp_flat};
    oracle_check_jvp(&p, &g, in, &rng, 6, 0);

    /* directions confined to one block: alphas, means, icf log-diagonal, icf lower part */
    const char *names[4] = {"alphas", "means", "icf diagonal", "icf lower"};
    for (int b = 0; b < 4; b++) {
        double y, ydot = NAN, fd;
        char label[64];
        for (int i = 0; i < NIN; i++) {
            int in_block;
            if (i < K)
                in_block = b == 0;
            else if (i < K + K * D)
                in_block = b == 1;
            else
                in_block = ((i - K - K * D) % ICF_SZ < D) ? b == 2 : b == 3;
            v[i] = in_block ? oracle_normal(&rng) : 0.0;
        }
        gmm_jvp_flat(&g, in, v, &y, &ydot);
        oracle_fd_jvp(gmm_flat, &g, NIN, 1, in, v, &fd);
        snprintf(label, sizeof label, "gmm jvp, direction in %s only", names[b]);
        CHECK_CLOSE(label, ydot, fd, ORACLE_RTOL_FD, oracle_fd_atol(y));
    }

    /* the x data and the prior are inputs, not outputs */
    double x_before = x[5];
    double y, ydot;
    oracle_fill_normal(&rng, v, NIN);
    gmm_objective_jvp(D, K, NPTS, in, v, in + K, v + K, in + K + K * D, v + K + K * D,
                      x, g.wishart, &y, &ydot);
    CHECK_TRUE("x unchanged", x[5] == x_before);
    return oracle_result();
}
