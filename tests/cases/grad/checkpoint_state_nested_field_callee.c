// EXPECT-NOT-STDERR: not applied
/*
** grad/checkpoint_state_nested_field_callee: a checkpointed time loop whose
** state is heap memory reached through a struct field of a struct field of
** a local (`Kalman kf;` holding `Mat x, P;` with `double *d` each),
** allocated by an init helper before the loop (`kf->x = mat_new(2, 1);`, a
** constructor inlined as `kf->x.d = NULL; ..; kf->x.d = calloc(..)` inside
** a block) and released after it by a helper given the inner struct that
** also clears the field (mat_free(&kf.x): free(m->d); m->d = NULL;).
** cc-ad followed one level of fields (x.f) and refused a release storing
** the field, so it warned "'#pragma ad checkpoint' is not applied" and
** taped the loop in full (probe19). Fields are now followed at any depth
** (a path x.f..g, a call given &x or &x.f.. seeing it as p->f..g), an init
** helper may store NULL into the field before its one allocation, and a
** release may store NULL after the free; the regions saved are kf.x.d
** (2 doubles) and kf.P.d (4). The same shape inside a helper given the
** state by pointer is tests/fuzz/open/checkpoint_state_param_callee.c.
** Oracles: the primal unchanged (1e-14), the gradient against central
** differences of the program (rtol 1e-6, floor 1e-8 |f|).
*/
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
