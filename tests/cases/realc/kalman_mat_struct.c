// EXPECT-NOT-STDERR: not applied
/*
** realc/kalman_mat_struct: a Kalman filter log-likelihood written the way a
** C programmer with a small matrix library writes it: `typedef struct { int
** r, c; double *d; } Mat;` with heap data, helpers mat_new / mat_mul /
** mat_mul_bt / mat_sub / mat_inv (Gauss-Jordan with partial pivoting) that
** take Mat pointers, a filter struct holding Mats (state, covariance, model
** matrices) built by kf_init from the parameters, one kf_step per observation
** that allocates and frees its temporaries. cc-ad refused every mat_new call
** ("returns a struct that holds pointers to floating data"); constructors
** that allocate are inlined now (grad/struct_ctor_alloc). The time loop is
** under `#pragma ad checkpoint`: its state is kf.x.d and kf.P.d (fields of
** the filter's Mat fields), sized by kf_init's inlined mat_new and released
** by kf_free calling mat_free(&kf->x), which stores NULL after the free; it
** used to be "not applied" (grad/checkpoint_state_nested_field_callee is
** the small form).
** Requests: grad of the log-likelihood wrt (theta[3], y[2*T]), jvp.
** Oracles: central differences of the program itself (rtol 1e-6, absolute
** floor 1e-8 |ll|), jvp against the gradient by the dot product (1e-11).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct { int r, c; double *d; } Mat;

#define AT(m, i, j) ((m)->d[(i) * (m)->c + (j)])

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
    m->r = m->c = 0;
}

static void mat_copy(Mat *dst, const Mat *src)
{
    memcpy(dst->d, src->d, sizeof(double) * src->r * src->c);
}

/* out = a * b */
static void mat_mul(const Mat *a, const Mat *b, Mat *out)
{
    for (int i = 0; i < a->r; i++)
        for (int j = 0; j < b->c; j++) {
            double s = 0.0;
            for (int k = 0; k < a->c; k++)
                s += AT(a, i, k) * AT(b, k, j);
            AT(out, i, j) = s;
        }
}

/* out = a * b^T */
static void mat_mul_bt(const Mat *a, const Mat *b, Mat *out)
{
    for (int i = 0; i < a->r; i++)
        for (int j = 0; j < b->r; j++) {
            double s = 0.0;
            for (int k = 0; k < a->c; k++)
                s += AT(a, i, k) * AT(b, j, k);
            AT(out, i, j) = s;
        }
}

/* a -= b */
static void mat_sub(Mat *a, const Mat *b)
{
    for (int i = 0; i < a->r * a->c; i++)
        a->d[i] -= b->d[i];
}

/* a += b */
static void mat_add(Mat *a, const Mat *b)
{
    for (int i = 0; i < a->r * a->c; i++)
        a->d[i] += b->d[i];
}

/* inv = a^-1 by Gauss-Jordan with partial pivoting; returns log|det a| */
static double mat_inv(const Mat *a, Mat *inv)
{
    int n = a->r;
    Mat w = mat_new(n, n);
    double logdet = 0.0;

    mat_copy(&w, a);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            AT(inv, i, j) = i == j ? 1.0 : 0.0;
    for (int col = 0; col < n; col++) {
        int p = col;
        for (int r = col + 1; r < n; r++)
            if (fabs(AT(&w, r, col)) > fabs(AT(&w, p, col)))
                p = r;
        if (p != col) {
            for (int j = 0; j < n; j++) {
                double t = AT(&w, col, j);
                AT(&w, col, j) = AT(&w, p, j);
                AT(&w, p, j) = t;
                t = AT(inv, col, j);
                AT(inv, col, j) = AT(inv, p, j);
                AT(inv, p, j) = t;
            }
        }
        double piv = AT(&w, col, col);
        logdet += log(fabs(piv));
        for (int j = 0; j < n; j++) {
            AT(&w, col, j) /= piv;
            AT(inv, col, j) /= piv;
        }
        for (int r = 0; r < n; r++) {
            if (r == col)
                continue;
            double f = AT(&w, r, col);
            if (f == 0.0)
                continue;
            for (int j = 0; j < n; j++) {
                AT(&w, r, j) -= f * AT(&w, col, j);
                AT(inv, r, j) -= f * AT(inv, col, j);
            }
        }
    }
    mat_free(&w);
    return logdet;
}

typedef struct {
    Mat F, H, Q, R; /* model */
    Mat x, P;       /* filtered state and covariance */
    int nx, ny;
} Kalman;

/* constant-velocity model with damping phi, process noise q, measurement noise r */
static void kf_init(Kalman *kf, const double *theta)
{
    double q = exp(theta[0]), r = exp(theta[1]), phi = tanh(theta[2]);
    const double dt = 0.1;

    kf->nx = 2;
    kf->ny = 2;
    kf->F = mat_new(2, 2);
    kf->H = mat_new(2, 2);
    kf->Q = mat_new(2, 2);
    kf->R = mat_new(2, 2);
    kf->x = mat_new(2, 1);
    kf->P = mat_new(2, 2);
    AT(&kf->F, 0, 0) = 1.0;
    AT(&kf->F, 0, 1) = dt;
    AT(&kf->F, 1, 1) = phi;
    AT(&kf->H, 0, 0) = 1.0;
    AT(&kf->H, 1, 0) = 1.0;
    AT(&kf->H, 1, 1) = 0.5;
    AT(&kf->Q, 0, 0) = q * dt * dt * dt / 3.0;
    AT(&kf->Q, 0, 1) = AT(&kf->Q, 1, 0) = q * dt * dt / 2.0;
    AT(&kf->Q, 1, 1) = q * dt;
    AT(&kf->R, 0, 0) = r;
    AT(&kf->R, 1, 1) = 2.0 * r;
    AT(&kf->P, 0, 0) = AT(&kf->P, 1, 1) = 1.0;
}

static void kf_free(Kalman *kf)
{
    mat_free(&kf->F);
    mat_free(&kf->H);
    mat_free(&kf->Q);
    mat_free(&kf->R);
    mat_free(&kf->x);
    mat_free(&kf->P);
}

/* one predict / update step; returns the observation's log-density */
static double kf_step(Kalman *kf, const double *y)
{
    int nx = kf->nx, ny = kf->ny;
    Mat xp = mat_new(nx, 1), FP = mat_new(nx, nx), Pp = mat_new(nx, nx);
    Mat HP = mat_new(ny, nx), S = mat_new(ny, ny), Si = mat_new(ny, ny);
    Mat K = mat_new(nx, ny), v = mat_new(ny, 1), Kv = mat_new(nx, 1);
    Mat KHP = mat_new(nx, nx), PHt = mat_new(nx, ny);
    double ll, quad = 0.0;

    /* predict */
    mat_mul(&kf->F, &kf->x, &xp);
    mat_mul(&kf->F, &kf->P, &FP);
    mat_mul_bt(&FP, &kf->F, &Pp);
    mat_add(&Pp, &kf->Q);

    /* innovation */
    mat_mul(&kf->H, &xp, &v);
    for (int i = 0; i < ny; i++)
        v.d[i] = y[i] - v.d[i];
    mat_mul(&kf->H, &Pp, &HP);
    mat_mul_bt(&HP, &kf->H, &S);
    mat_add(&S, &kf->R);
    double logdet = mat_inv(&S, &Si);

    /* gain K = P H^T S^-1 */
    mat_mul_bt(&Pp, &kf->H, &PHt);
    mat_mul(&PHt, &Si, &K);

    /* update */
    mat_mul(&K, &v, &Kv);
    mat_copy(&kf->x, &xp);
    mat_add(&kf->x, &Kv);
    mat_mul(&K, &HP, &KHP);
    mat_copy(&kf->P, &Pp);
    mat_sub(&kf->P, &KHP);

    for (int i = 0; i < ny; i++)
        for (int j = 0; j < ny; j++)
            quad += v.d[i] * AT(&Si, i, j) * v.d[j];
    ll = -0.5 * (logdet + quad + ny * log(2.0 * 3.14159265358979323846));

    mat_free(&xp); mat_free(&FP); mat_free(&Pp); mat_free(&HP);
    mat_free(&S); mat_free(&Si); mat_free(&K); mat_free(&v);
    mat_free(&Kv); mat_free(&KHP); mat_free(&PHt);
    return ll;
}

double kalman_loglik(const double *theta, const double *y, int T)
{
    Kalman kf;
    double ll = 0.0;

    kf_init(&kf, theta);
#pragma ad checkpoint
    for (int t = 0; t < T; t++)
        ll += kf_step(&kf, &y[2 * t]);
    kf_free(&kf);
    return ll;
}

#pragma ad grad(kalman_loglik) wrt(theta[3], y[2*T])
#pragma ad jvp(kalman_loglik) wrt(theta[3], y[2*T])

#include "kalman_mat_struct.ad.h"

#define T 40

int main(void)
{
    OracleRng rng = oracle_rng(1907);
    double theta[3] = {log(0.5), log(0.2), 0.8}, y[2 * T];
    double gth[3], gy[2 * T];
    double pos = 0.0, vel = 1.0;
    char label[64];

    for (int t = 0; t < T; t++) {
        vel = 0.7 * vel + 0.3 * oracle_normal(&rng);
        pos += 0.1 * vel;
        y[2 * t] = pos + 0.3 * oracle_normal(&rng);
        y[2 * t + 1] = pos + 0.5 * vel + 0.4 * oracle_normal(&rng);
    }
    double f0 = kalman_loglik(theta, y, T);
    double f1 = kalman_loglik_grad(theta, gth, y, gy, T);
    oracle_check_close("grad primal", f1, f0, 1e-13, 0);

    double atol = 1e-8 * fabs(f0);
    for (int k = 0; k < 3; k++) {
        double s = theta[k], h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
        theta[k] = s + h; double fp = kalman_loglik(theta, y, T);
        theta[k] = s - h; double fm = kalman_loglik(theta, y, T);
        theta[k] = s;
        snprintf(label, sizeof label, "grad theta[%d]", k);
        oracle_check_close(label, gth[k], (fp - fm) / (2 * h), 1e-6, atol);
    }
    for (int k = 0; k < 2 * T; k++) {
        double s = y[k], h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
        y[k] = s + h; double fp = kalman_loglik(theta, y, T);
        y[k] = s - h; double fm = kalman_loglik(theta, y, T);
        y[k] = s;
        snprintf(label, sizeof label, "grad y[%d]", k);
        oracle_check_close(label, gy[k], (fp - fm) / (2 * h), 1e-6, atol);
    }
    double vth[3], vy[2 * T], dot = 0.0, tan = 0.0;
    for (int k = 0; k < 3; k++) { vth[k] = oracle_uniform(&rng, -1, 1); dot += vth[k] * gth[k]; }
    for (int k = 0; k < 2 * T; k++) { vy[k] = oracle_uniform(&rng, -1, 1); dot += vy[k] * gy[k]; }
    double fj = kalman_loglik_jvp(theta, vth, y, vy, T, &tan);
    oracle_check_close("jvp primal", fj, f0, 1e-13, 0);
    oracle_check_close("jvp . grad", tan, dot, 1e-11, 1e-13 * fabs(dot));
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
