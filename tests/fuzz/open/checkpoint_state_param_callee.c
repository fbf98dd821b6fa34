// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-NOT-STDERR: not applied
/* OPEN (probe19): CHECKPOINT DROPPED (tape memory, not correctness): the
** state of a checkpointed loop inside a helper that is given it by pointer
** (realc/dopri5_lv with `#pragma ad checkpoint` on dopri_integrate's
** `while (t < t1)`): the loop writes d->k[s] (an array of 7 pointers
** malloc'd in a loop by dopri_init in the caller), d->ytmp, d->ynew,
** d->naccept (the struct *d itself), y (memcpy(y, d->ynew, sizeof(double)
** * d->dim)) and *h. It warns "'#pragma ad checkpoint' is not applied ..."
** and tapes the loop in full; the gradient is right.
** What is known (the fix of grad/checkpoint_state_nested_field_callee,
** fields of a local struct at any depth, allocated by an init helper):
** adj_field_extent works on the function that declares the struct; here
** the struct is the caller's (lv_misfit's `Dopri d`) and the loop is in
** dopri_integrate, a helper variant that sees only `Dopri *d` and
** `double *y`. The sizes are known in the caller only (dopri_init(&d, ..,
** 2): sizeof(double) * dim, also stored in d->dim). A fix needs either
** extents handed from the caller to the callee variant (per call site:
** the caller's field extents of the struct it passes, and of y: a local
** array there), or sizes the callee reads at run time from fields the
** loop does not change (d->dim, with the blocks' size expression found in
** dopri_init's `d->k[s] = malloc(sizeof(double) * dim)` and `d->dim =
** dim` mapped through the same call). Also needed: an array of pointer
** fields (double *k[7]) as 7 regions, and *d whole (sizeof(Dopri)) as
** state. Where the sizes cannot be tied to the caller, the warning stays.
** Expected: no warning, the loop checkpointed; got: the warning.
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include \
**        /tmp/w tests/fuzz/open/checkpoint_state_param_callee.c (fails at step 1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

typedef int (*rhs_fn)(double t, const double *y, double *dydt, void *params);

typedef struct {
    rhs_fn f;
    void *params;
    int dim;
    double atol, rtol, hmin, hmax;
    double *k[7];
    double *ytmp, *ynew;
    int naccept, nreject;
} Dopri;

typedef struct {
    double alpha, beta, delta, gamma;
} LotkaVolterra;

/* not static: main takes its address too (fnptr_static_target) */

int lv_rhs(double t, const double *y, double *dydt, void *params)
{
    const LotkaVolterra *p = (const LotkaVolterra *)params;
    (void)t;
    dydt[0] = p->alpha * y[0] - p->beta * y[0] * y[1];
    dydt[1] = p->delta * y[0] * y[1] - p->gamma * y[1];
    return 0;
}

static void dopri_init(Dopri *d, rhs_fn f, void *params, int dim)
{
    d->f = f;
    d->params = params;
    d->dim = dim;
    d->atol = 1e-9;
    d->rtol = 1e-7;
    d->hmin = 1e-10;
    d->hmax = 0.5;
    for (int s = 0; s < 7; s++)
        d->k[s] = malloc(sizeof(double) * dim);
    d->ytmp = malloc(sizeof(double) * dim);
    d->ynew = malloc(sizeof(double) * dim);
    d->naccept = d->nreject = 0;
}

static void dopri_free(Dopri *d)
{
    for (int s = 0; s < 7; s++)
        free(d->k[s]);
    free(d->ytmp);
    free(d->ynew);
}

/* Butcher tableau of Dormand & Prince (1980) */
static const double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
static const double a21 = 1.0 / 5;
static const double a31 = 3.0 / 40, a32 = 9.0 / 40;
static const double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
static const double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729;
static const double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
                    a65 = -5103.0 / 18656;
static const double b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784, b6 = 11.0 / 84;
static const double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200,
                    e6 = 22.0 / 525, e7 = -1.0 / 40;

/* one trial step of size h from (t, y); k[0] holds f(t, y) on entry; returns the error norm */
static double dopri_try(Dopri *d, double t, const double *y, double h)
{
    int n = d->dim, i;
    double **k = d->k, *yt = d->ytmp, err = 0.0;

    for (i = 0; i < n; i++) yt[i] = y[i] + h * a21 * k[0][i];
    d->f(t + c2 * h, yt, k[1], d->params);
    for (i = 0; i < n; i++) yt[i] = y[i] + h * (a31 * k[0][i] + a32 * k[1][i]);
    d->f(t + c3 * h, yt, k[2], d->params);
    for (i = 0; i < n; i++) yt[i] = y[i] + h * (a41 * k[0][i] + a42 * k[1][i] + a43 * k[2][i]);
    d->f(t + c4 * h, yt, k[3], d->params);
    for (i = 0; i < n; i++)
        yt[i] = y[i] + h * (a51 * k[0][i] + a52 * k[1][i] + a53 * k[2][i] + a54 * k[3][i]);
    d->f(t + c5 * h, yt, k[4], d->params);
    for (i = 0; i < n; i++)
        yt[i] = y[i] + h * (a61 * k[0][i] + a62 * k[1][i] + a63 * k[2][i] + a64 * k[3][i] + a65 * k[4][i]);
    d->f(t + h, yt, k[5], d->params);
    for (i = 0; i < n; i++)
        d->ynew[i] = y[i] + h * (b1 * k[0][i] + b3 * k[2][i] + b4 * k[3][i] + b5 * k[4][i] + b6 * k[5][i]);
    d->f(t + h, d->ynew, k[6], d->params);
    for (i = 0; i < n; i++) {
        double ei = h * (e1 * k[0][i] + e3 * k[2][i] + e4 * k[3][i] + e5 * k[4][i] + e6 * k[5][i] + e7 * k[6][i]);
        double sc = d->atol + d->rtol * fmax(fabs(y[i]), fabs(d->ynew[i]));
        err += (ei / sc) * (ei / sc);
    }
    return sqrt(err / n);
}

/* integrate y from t0 to t1 in place; *h carries the step size between calls */
static int dopri_integrate(Dopri *d, double t0, double t1, double *y, double *h)
{
    double t = t0;
    d->f(t, y, d->k[0], d->params);
#pragma ad checkpoint
    while (t < t1) {
        double hh = fmin(*h, t1 - t);
        double err = dopri_try(d, t, y, hh), fac;
        if (err <= 1.0) {
            t += hh;
            memcpy(y, d->ynew, sizeof(double) * d->dim);
            memcpy(d->k[0], d->k[6], sizeof(double) * d->dim);
            d->naccept++;
            fac = err == 0.0 ? 5.0 : fmin(5.0, fmax(0.2, 0.9 * pow(err, -0.2)));
        } else {
            d->nreject++;
            fac = fmax(0.2, 0.9 * pow(err, -0.2));
        }
        *h = fmin(d->hmax, hh * fac);
        if (*h < d->hmin)
            return -1;
    }
    return 0;
}

double lv_misfit(const double *theta, const double *y0, const double *obs, int nobs)
{
    LotkaVolterra p;
    Dopri d;
    double y[2], h = 0.01, s = 0.0;

    p.alpha = exp(theta[0]);
    p.beta = exp(theta[1]);
    p.delta = exp(theta[2]);
    p.gamma = exp(theta[3]);
    y[0] = y0[0];
    y[1] = y0[1];
    dopri_init(&d, lv_rhs, &p, 2);
    for (int k = 0; k < nobs; k++) {
        if (dopri_integrate(&d, 0.5 * k, 0.5 * (k + 1), y, &h) != 0)
            break;
        s += (y[0] - obs[2 * k]) * (y[0] - obs[2 * k]) + (y[1] - obs[2 * k + 1]) * (y[1] - obs[2 * k + 1]);
    }
    dopri_free(&d);
    return s;
}

#pragma ad grad(lv_misfit) wrt(theta[4], y0[2])
#pragma ad jvp(lv_misfit) wrt(theta[4], y0[2])

#include "checkpoint_state_param_callee.ad.h"

#define NOBS 8

int main(void)
{
    double theta[4] = {log(1.1), log(0.4), log(0.1), log(0.4)}, y0[2] = {10.0, 5.0};
    double obs[2 * NOBS], gth[4], gy0[2];
    char label[64];
    OracleRng rng = oracle_rng(1923);

    {   /* observations: the model itself at slightly different parameters, plus noise */
        double tt[4] = {log(1.0), log(0.45), log(0.11), log(0.38)};
        LotkaVolterra p = {exp(tt[0]), exp(tt[1]), exp(tt[2]), exp(tt[3])};
        Dopri d;
        double y[2] = {10.0, 5.0}, h = 0.01;
        dopri_init(&d, lv_rhs, &p, 2);
        for (int k = 0; k < NOBS; k++) {
            dopri_integrate(&d, 0.5 * k, 0.5 * (k + 1), y, &h);
            obs[2 * k] = y[0] + 0.1 * oracle_normal(&rng);
            obs[2 * k + 1] = y[1] + 0.1 * oracle_normal(&rng);
        }
        dopri_free(&d);
    }

    double f0 = lv_misfit(theta, y0, obs, NOBS);
    double f1 = lv_misfit_grad(theta, gth, y0, gy0, obs, NOBS);
    oracle_check_close("grad primal", f1, f0, 1e-14, 0);
    double atol = 1e-8 * fabs(f0);
    for (int k = 0; k < 6; k++) {
        double *v = k < 4 ? &theta[k] : &y0[k - 4], g = k < 4 ? gth[k] : gy0[k - 4];
        double s = *v, h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
        *v = s + h; double fp = lv_misfit(theta, y0, obs, NOBS);
        *v = s - h; double fm = lv_misfit(theta, y0, obs, NOBS);
        *v = s;
        snprintf(label, sizeof label, "grad[%d]", k);
        oracle_check_close(label, g, (fp - fm) / (2 * h), 1e-6, atol);
    }
    double vth[4], vy0[2], dot = 0.0, tan = 0.0;
    for (int k = 0; k < 4; k++) { vth[k] = oracle_uniform(&rng, -1, 1); dot += vth[k] * gth[k]; }
    for (int k = 0; k < 2; k++) { vy0[k] = oracle_uniform(&rng, -1, 1); dot += vy0[k] * gy0[k]; }
    double fj = lv_misfit_jvp(theta, vth, y0, vy0, obs, NOBS, &tan);
    oracle_check_close("jvp primal", fj, f0, 1e-14, 0);
    oracle_check_close("jvp . grad", tan, dot, 1e-11, 1e-13 * fabs(dot));

    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
