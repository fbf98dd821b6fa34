/*
** grad/checkpoint_state_callee_alloc_field: a checkpointed time loop whose
** state is heap memory reached through a local struct's pointer fields,
** allocated by an init helper called before the loop (`Filter kf;
** kf_init(&kf, theta, n);` storing kf->x = calloc(n, ..) and kf->P =
** calloc(n * n, ..)) and released after it either field by field
** (free(kf.x)) or by a helper that frees without storing the fields
** (kf_release(&kf)). cc-ad knew the size of a local struct's field only
** when the function itself malloc'd it, and warned that the checkpoint was
** not applied (the loop taped in full); the size is now taken from the
** helper's allocation over its arguments (probe19). A release that also
** stores NULL into the field (free(p->x); p->x = NULL;), and fields of
** nested structs (kf.x.d): grad/checkpoint_state_nested_field_callee.
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients) for both releases; hessian of one
** against central differences of its gradient (rtol 1e-6).
*/
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

typedef struct Filter { double *x, *P; double phi; int n; } Filter;

static void kf_init(Filter *kf, const double *theta, int n)
{
    kf->n = n;
    kf->x = calloc(n, sizeof(double));
    kf->P = calloc((size_t)n * n, sizeof(double));
    for (int i = 0; i < n; i++) kf->P[i * n + i] = 1.0;
    kf->phi = tanh(theta[0]);
}

static void kf_release(Filter *kf)
{
    free(kf->x);
    free(kf->P);
}

/* a scalar observation of x[0] + x[1] with a damped random-walk model */
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

static const double obs[30] = {0.1, 0.3, 0.2, 0.5, 0.4, 0.7, 0.9, 0.6, 0.8, 1.1, 1.0, 1.3, 1.2, 1.0, 0.9,
                               0.7, 0.8, 0.5, 0.6, 0.3, 0.4, 0.2, 0.0, 0.1, -0.2, -0.1, -0.4, -0.3, -0.5, -0.2};

double loglik(const double *theta, int n)
{
    Filter kf;
    double ll = 0.0, r = exp(theta[1]);
    if (n != 2) return 0.0;
    kf_init(&kf, theta, n);
#pragma ad checkpoint(snapshots=3)
    for (int t = 0; t < 30; t++)
        ll += kf_step(&kf, obs[t] + 0.1 * theta[0], r);
    free(kf.x);
    free(kf.P);
    return ll;
}

double loglik_rel(const double *theta, int n)
{
    Filter kf;
    double ll = 0.0, r = exp(theta[1]);
    if (n != 2) return 0.0;
    kf_init(&kf, theta, n);
#pragma ad checkpoint
    for (int t = 0; t < 30; t++)
        ll += kf_step(&kf, obs[t], r) * (1.0 + 0.01 * t);
    kf_release(&kf);
    return ll;
}

#pragma ad grad(loglik) wrt(theta[n])
#pragma ad vjp(loglik) wrt(theta[n])
#pragma ad jvp(loglik) wrt(theta[n])
#pragma ad hessian(loglik) wrt(theta[n])
#pragma ad grad(loglik_rel) wrt(theta[n])
#pragma ad vjp(loglik_rel) wrt(theta[n])
#pragma ad jvp(loglik_rel) wrt(theta[n])

#include "checkpoint_state_callee_alloc_field.ad.h"

ORACLE_XN_WRAPPERS(loglik, 2)
ORACLE_XN_WRAPPERS(loglik_rel, 2)

int main(void)
{
    OracleRng rng = oracle_rng(1939);
    ORACLE_XN_CHECKS(loglik, 2, rng);
    ORACLE_XN_CHECKS(loglik_rel, 2, rng);
    double th[2] = {0.6, -1.2}, H[4], gp[2], gm[2];
    char label[64];
    loglik_hessian(th, 2, H);
    for (int j = 0; j < 2; j++) {
        double s = th[j], h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
        th[j] = s + h; loglik_grad(th, gp, 2);
        th[j] = s - h; loglik_grad(th, gm, 2);
        th[j] = s;
        for (int i = 0; i < 2; i++) {
            snprintf(label, sizeof label, "hessian[%d,%d]", i, j);
            oracle_check_close(label, H[i * 2 + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-6);
        }
    }
    return oracle_result();
}
