// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** realc/dopri5_lv: parameter fitting of a Lotka-Volterra model with an
** adaptive Dormand-Prince 5(4) integrator, as a C programmer writes one:
** the right-hand side behind a function pointer with `void *params` (cast
** back to the model's struct of parameters inside it), an integrator
** struct holding the stage buffers (`double *k[7]`, malloc'd in
** dopri_init), FSAL (k[0] = k[6] by memcpy after an accepted step), the
** error norm with fmax/fabs/sqrt, the step-size controller 0.9 err^-1/5
** through pow, clamped by fmin/fmax, a data-dependent `while (t < tend)`
** loop with rejected steps, an early `return -1` when the step underflows.
** (`#pragma ad checkpoint` on that while loop is not applied: the stage
** buffers are allocated in dopri_init, sized in the caller, see
** tests/fuzz/open/checkpoint_state_param_callee.c.) The
** objective integrates from one observation time to the next and sums
** squared misfits.
** Requests: grad wrt (theta, y0), jvp, and vmap of the gradient over a
** batch of parameter vectors.
** Oracles: central differences of the program itself (the accept/reject
** pattern does not change for h ~ 6e-6; rtol 1e-6, floor 1e-8 |f|); jvp
** against the gradient by the dot product (1e-11); the batched gradient
** against the unbatched one, bitwise.
*/
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
#pragma ad vmap(lv_misfit_grad) batch(theta[4], theta_bar[4], y0_bar[2])

#include "dopri5_lv.ad.h"

#define NOBS 8
#define B 6

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

    /* batched gradients over B parameter vectors */
    double bth[B * 4], bg[B * 4], bgy[B * 2], bf[B];
    for (int b = 0; b < B; b++)
        for (int k = 0; k < 4; k++)
            bth[b * 4 + k] = theta[k] + 0.05 * oracle_uniform(&rng, -1, 1);
    lv_misfit_grad_vmap(B, bth, bg, y0, bgy, obs, NOBS, bf);
    for (int b = 0; b < B; b++) {
        double g1[4], gy1[2];
        double fb = lv_misfit_grad(&bth[b * 4], g1, y0, gy1, obs, NOBS);
        snprintf(label, sizeof label, "vmap f[%d]", b);
        oracle_check_close(label, bf[b], fb, 0, 0);
        for (int k = 0; k < 4; k++) {
            snprintf(label, sizeof label, "vmap theta_bar[%d][%d]", b, k);
            oracle_check_close(label, bg[b * 4 + k], g1[k], 0, 0);
        }
        for (int k = 0; k < 2; k++) {
            snprintf(label, sizeof label, "vmap y0_bar[%d][%d]", b, k);
            oracle_check_close(label, bgy[b * 2 + k], gy1[k], 0, 0);
        }
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
