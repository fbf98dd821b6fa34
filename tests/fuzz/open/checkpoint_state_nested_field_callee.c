/* OPEN (probe19): CHECKPOINT DROPPED (tape memory, not correctness): a
** checkpointed time loop whose state is heap memory reached through a
** struct field of a struct field of a local (`Kalman kf;` holding `Mat x,
** P;` with `double *d` each), allocated by an init helper before the loop
** (`kf->x = mat_new(2, 1);`, a constructor inlined as kf->x.d = calloc(..))
** and released after it by a helper that also clears the field
** (mat_free: free(m->d); m->d = NULL;), warns "'#pragma ad checkpoint' is
** not applied, and the loop is taped in full: cc-ad cannot tell the size
** of the memory it writes through a pointer". field_extent in
** adjoint_ckpt.c follows one level of fields of a local struct (x.f,
** allocated in the function or by a helper given &x, since probe19:
** grad/checkpoint_state_callee_alloc_field), not x.m.f, and refuses a
** release that stores the field. The same shape as a solver's loop inside
** a helper given the state by pointer (dopri_integrate(Dopri *d, ...,
** double *y, ...) with d->k[s] malloc'd in dopri_init: realc/dopri5_lv
** without its pragma) warns alike. The gradient is right (the loop is
** taped). realc/kalman_mat_struct is the full program.
** Expected: the loop checkpointed, no warning; got: the warning.
** Run: run_case.sh ... checkpoint_state_nested_field_callee.c (fails at
** step 1 on the warning). */
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

typedef struct Mat { int r, c; double *d; } Mat;
typedef struct Kalman { Mat x, P; double phi; } Kalman;

static Mat mat_new(int r, int c)
{
    Mat m;
    m.r = r;
    m.c = c;
    m.d = calloc((size_t)r * c, sizeof(double));
    return m;
}

static void mat_free(Mat *m)
{
    free(m->d);
    m->d = NULL;
}

static void kf_init(Kalman *kf, const double *theta)
{
    kf->x = mat_new(2, 1);
    kf->P = mat_new(2, 2);
    kf->P.d[0] = kf->P.d[3] = 1.0;
    kf->phi = tanh(theta[0]);
}

static double kf_step(Kalman *kf, double y, double r)
{
    double *x = kf->x.d, *P = kf->P.d;
    double x0 = x[0] + 0.1 * x[1], x1 = kf->phi * x[1];
    double p00 = P[0] + 0.2 * P[1] + 0.01 * P[3] + 0.01;
    double p01 = kf->phi * (P[1] + 0.1 * P[3]), p11 = kf->phi * kf->phi * P[3] + 0.1;
    double s = p00 + r, v = y - x0, k0 = p00 / s, k1 = p01 / s;
    x[0] = x0 + k0 * v;
    x[1] = x1 + k1 * v;
    P[0] = p00 - k0 * p00;
    P[1] = P[2] = p01 - k0 * p01;
    P[3] = p11 - k1 * p01;
    return -0.5 * (log(s) + v * v / s);
}

double loglik(const double *theta, const double *y, int T)
{
    Kalman kf;
    double ll = 0.0, r = exp(theta[1]);
    kf_init(&kf, theta);
#pragma ad checkpoint
    for (int t = 0; t < T; t++)
        ll += kf_step(&kf, y[t], r);
    mat_free(&kf.x);
    mat_free(&kf.P);
    return ll;
}

#pragma ad grad(loglik) wrt(theta[2])

#include "checkpoint_state_nested_field_callee.ad.h"

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
