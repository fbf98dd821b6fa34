/*
** grad/inactive_resample: a bootstrap particle filter's log-likelihood
** whose resampling step is declared inactive, the stop-gradient that
** differentiable particle filters use. resample() overwrites, in place,
** particles that carry derivatives with copies of heavy ones, picked by
** data-dependent indices through a malloc'd copy. Its results are
** constants for the derivative (man: inactive), so after each call the
** particles' derivatives must be zero, element by element, and later
** steps depend on theta only through their own propagation.
** Before, the call kept the old derivatives (jvp) or let the new values'
** adjoints flow into the old ones (vjp): silently wrong.
** Oracle: central differences of the same filter with resample() replaying
** the particles it produced at theta (mode REPLAY), which is what "results
** are constants" means; the dot-product test of vjp with jvp (1e-12);
** jacfwd (the jvp's vector sweep) against grad; the hessian (the tangent
** of the sweeps: resample_fwd's saves keep their tangents, its stores into
** p get none) against differences of grad with the particles replayed.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

enum { NP = 8, T = 5 };
enum { PLAIN, RECORD, REPLAY };

static const double y_obs[T] = {0.3, 0.55, 0.42, 0.9, 0.71};
int mode, logged;
double log_p[T][NP];

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffffu;
}

/* systematic resampling of p by weights w; RECORD logs the result, REPLAY
 * writes the logged one instead */
void resample(double *p, const double *w, int n, unsigned *seed)
{
    if (mode == REPLAY) {
        memcpy(p, log_p[logged++], (size_t)n * sizeof *p);
        return;
    }
    double *old = malloc((size_t)n * sizeof *old), *cum = malloc((size_t)n * sizeof *cum);
    memcpy(old, p, (size_t)n * sizeof *p);
    double tot = 0.0;
    for (int i = 0; i < n; i++) {
        tot += w[i];
        cum[i] = tot;
    }
    double u = (double)lcg(seed) / 65536.0 / n;
    int k = 0;
    for (int i = 0; i < n; i++) {
        double target = (u + (double)i / n) * tot;
        while (k < n - 1 && cum[k] < target)
            k++;
        p[i] = old[k];
    }
    if (mode == RECORD)
        memcpy(log_p[logged++], p, (size_t)n * sizeof *p);
    free(old);
    free(cum);
}
#pragma ad inactive(resample)

/* theta = {a, s}: x_t = a x_{t-1} + s e, y_t ~ N(x_t, 1/4) */
double filter_ll(const double *theta, const double *noise, int n, unsigned seed)
{
    double p[NP], w[NP], ll = 0.0;
    for (int i = 0; i < n; i++)
        p[i] = 0.1 * i;
    for (int t = 0; t < T; t++) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            p[i] = theta[0] * p[i] + theta[1] * noise[t * n + i];
            double r = y_obs[t] - p[i];
            w[i] = exp(-2.0 * r * r);
            sum += w[i];
        }
        ll += log(sum / n);
        resample(p, w, n, &seed);
    }
    return ll;
}

#pragma ad grad(filter_ll) wrt(theta[2])
#pragma ad jvp(filter_ll) wrt(theta[2])
#pragma ad vjp(filter_ll) wrt(theta[2])
#pragma ad jacfwd(filter_ll) wrt(theta[2])
#pragma ad hessian(filter_ll) wrt(theta[2])

#include "inactive_resample.ad.h"

static double noise[T * NP];

static double f_in(const double *theta, int m)
{
    mode = m;
    logged = 0;
    double v = filter_ll(theta, noise, NP, 11u);
    mode = PLAIN;
    return v;
}

int main(void)
{
    OracleRng r = oracle_rng(2027);
    oracle_fill_normal(&r, noise, T * NP);
    double theta[2] = {0.8, 0.35}, v[2] = {0.6, -1.1}, g[2], fd[2], tp[2], rd, H[4];
    double f0 = f_in(theta, RECORD);  /* the particles resample() gives at theta */
    for (int j = 0; j < 2; j++) {
        double h = oracle_fd_step(theta[j], DBL_EPSILON);
        memcpy(tp, theta, sizeof tp);
        tp[j] = theta[j] + h;
        double fp = f_in(tp, REPLAY);
        tp[j] = theta[j] - h;
        fd[j] = (fp - f_in(tp, REPLAY)) / (2 * h);
    }
    CHECK_CLOSE("grad value", filter_ll_grad(theta, g, noise, NP, 11u), f0, 1e-15, 0);
    CHECK_VEC_CLOSE("grad vs fd with resampling replayed", g, fd, 2, ORACLE_RTOL_FD, oracle_fd_atol(f0));
    /* not the derivative through resampling: that one differs */
    double fd_live = (f_in((double[]){theta[0] + 1e-6, theta[1]}, PLAIN) -
                      f_in((double[]){theta[0] - 1e-6, theta[1]}, PLAIN)) / 2e-6;
    CHECK_TRUE("the stop-gradient matters here", fabs(fd_live - g[0]) > 1e-3 * fabs(g[0]));
    double tb[2] = {0};
    filter_ll_vjp(theta, tb, noise, NP, 11u, 0.5);
    filter_ll_jvp(theta, v, noise, NP, 11u, &rd);
    CHECK_CLOSE("<J v, 1/2> = <v, J^T 1/2>", 0.5 * rd, oracle_dot(tb, v, 2), ORACLE_RTOL_DOT, 1e-14);
    CHECK_CLOSE("jvp = <grad, v>", rd, oracle_dot(g, v, 2), ORACLE_RTOL_DOT, 1e-14);
    double J[2];
    filter_ll_jacfwd(theta, noise, NP, 11u, J);
    CHECK_VEC_CLOSE("jacfwd = grad", J, g, 2, 1e-12, 1e-14);
    filter_ll_hessian(theta, noise, NP, 11u, H);
    for (int j = 0; j < 2; j++) {
        double gp[2], gm[2], h = 1e-5, col[2], want[2];
        memcpy(tp, theta, sizeof tp);
        mode = REPLAY;  /* the gradient of the filter with its particles frozen */
        tp[j] = theta[j] + h;
        logged = 0;
        filter_ll_grad(tp, gp, noise, NP, 11u);
        tp[j] = theta[j] - h;
        logged = 0;
        filter_ll_grad(tp, gm, noise, NP, 11u);
        mode = PLAIN;
        for (int i = 0; i < 2; i++) {
            col[i] = H[i * 2 + j];
            want[i] = (gp[i] - gm[i]) / (2 * h);
        }
        CHECK_VEC_CLOSE("hessian column vs differences of grad", col, want, 2, 1e-5, 1e-7);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
