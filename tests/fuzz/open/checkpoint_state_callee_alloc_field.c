/* OPEN (probe19): CHECKPOINT DROPPED (tape memory, not correctness): a
** checkpointed time loop whose state is heap memory reached through a local
** struct's pointer fields, where the fields are allocated by an init helper
** called before the loop (`Filter kf; kf_init(&kf, theta);` storing
** kf->x = calloc(2, ..), kf->P = calloc(4, ..); a Kalman filter written with
** a small matrix library, realc/kalman_mat_struct), warns "'#pragma ad
** checkpoint' is not applied, and the loop is taped in full: cc-ad cannot
** tell the size of the memory it writes through a pointer". The sizes are
** constants stored in kf_init (field_region in adjoint_ckpt.c knows a
** local struct's field malloc'd once in the body before the loop only, not
** in a callee). The gradient is right (the loop is taped). The same holds
** for an adaptive integrator's step loop inside dopri_integrate(Dopri *d,
** ..., double *y, ...) with the stage buffers d->k[s] malloc'd in
** dopri_init (realc/dopri5_lv without its checkpoint): a natural place for
** the pragma that cannot take it.
** Expected: the loop checkpointed, no warning; got: the warning.
** Run: run_case.sh ... checkpoint_state_callee_alloc_field.c (fails at step
** 1 on the warning). */
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

typedef struct { double *x, *P; double phi; } Filter;

static void kf_init(Filter *kf, const double *theta)
{
    kf->x = calloc(2, sizeof(double));
    kf->P = calloc(4, sizeof(double));
    kf->P[0] = kf->P[3] = 1.0;
    kf->phi = tanh(theta[0]);
}

static double kf_step(Filter *kf, double y, double r)
{
    double x0 = kf->x[0] + 0.1 * kf->x[1], x1 = kf->phi * kf->x[1];
    double p00 = kf->P[0] + 0.2 * kf->P[1] + 0.01 * kf->P[3] + 0.01;
    double p01 = kf->phi * (kf->P[1] + 0.1 * kf->P[3]), p11 = kf->phi * kf->phi * kf->P[3] + 0.1;
    double s = p00 + r, v = y - x0, k0 = p00 / s, k1 = p01 / s;
    kf->x[0] = x0 + k0 * v;
    kf->x[1] = x1 + k1 * v;
    kf->P[0] = p00 - k0 * p00;
    kf->P[1] = kf->P[2] = p01 - k0 * p01;
    kf->P[3] = p11 - k1 * p01;
    return -0.5 * (log(s) + v * v / s);
}

double loglik(const double *theta, const double *y, int T)
{
    Filter kf;
    double ll = 0.0, r = exp(theta[1]);
    kf_init(&kf, theta);
#pragma ad checkpoint
    for (int t = 0; t < T; t++)
        ll += kf_step(&kf, y[t], r);
    free(kf.x);
    free(kf.P);
    return ll;
}

#pragma ad grad(loglik) wrt(theta[2])

#include "checkpoint_state_callee_alloc_field.ad.h"

int main(void)
{
    double theta[2] = {0.7, -1.0}, y[30], g[2];
    for (int t = 0; t < 30; t++) y[t] = sin(0.3 * t);
    double f0 = loglik_grad(theta, g, y, 30);
    oracle_check_close("primal", f0, loglik(theta, y, 30), 1e-14, 0);
    for (int k = 0; k < 2; k++) {
        double s = theta[k], h = 1e-6;
        theta[k] = s + h; double fp = loglik(theta, y, 30);
        theta[k] = s - h; double fm = loglik(theta, y, 30);
        theta[k] = s;
        oracle_check_close("grad theta", g[k], (fp - fm) / (2 * h), 1e-6, 1e-8 * fabs(f0));
    }
    return oracle_result();
}
