/*
** jac/hessian_lanes: a dense Hessian is jacfwd of the gradient, 16
** tangent directions per sweep (vector.c), whose tape moves every
** tangent lane: values overwritten in a loop that is not counted (W
** pushes, W pops in the other order), a helper's local array living in a frame between its
** forward and backward halves (W times the bytes), a pointer walked
** through the input (its tangent a pointer to rows), blocks of the bulk
** tape (rows of W tangents), and two inputs, an array and a scalar (the
** second block's columns after the first's). n = 21: a full sweep of 16
** and a partial one. Also a Hessian of a function without any tape
** (pair terms, recomputed backward) and of a float function.
** Oracles: each Hessian column against f_hvp of that unit vector (the
** scalar forward-over-reverse sweep, another generated function), against
** central differences of f_grad (h ~ 1e-6 |x|: ORACLE_RTOL_FD), symmetry,
** and the tape empty after every call.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 21

/* its local array lives in a frame between its two halves */
static double smooth3(const double *p, double a)
{
    double w[3];
    for (int k = 0; k < 3; k++)
        w[k] = sin(a * p[k] + 0.1 * k);
    return w[0] * w[1] + w[2] * w[2] * a;
}

double energy(const double *x, int n, double a)
{
    double s = 0.0, t = 0.2;
    for (int i = 0; i < n; i++) { /* t overwritten: pushed and popped */
        t = tanh(t * x[i] + a);
        s += t * t;
    }
    const double *p = x;
    for (int i = 0; i + 2 < n; i += 2) { /* a pointer walked through x */
        s += smooth3(p, a) * 0.3;
        p += 2;
    }
    double r = 0.5;
    int k = 0;
    while (k < 3 * n && r < 40.0) { /* not counted: each r pushed alone */
        r = r * (1.02 + 0.01 * sin(x[k % n])) + 0.05 * x[(k + 1) % n] * x[(k + 1) % n];
        k++;
    }
    s += sqrt(r);
    double *u = malloc((size_t)n * sizeof *u);
    for (int i = 0; i < n; i++)
        u[i] = x[i] * x[(i + 1) % n];
    for (int i = 1; i < n; i++) /* u overwritten in place */
        u[i] = exp(0.2 * u[i - 1]) + u[i];
    for (int i = 0; i < n; i++)
        s += 0.05 * u[i] * u[i];
    free(u);
    return s + a * a * x[0];
}

double pairs(const double *x, int n)
{
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        e += 0.5 * x[i] * x[i];
        for (int j = i + 1; j < n; j++) {
            double d = x[i] - x[j];
            e += log1p(d * d) / (1.0 + i + j);
        }
    }
    return e;
}

float fenergy(const float *x, int n)
{
    float s = 0.0f, t = 0.1f;
    for (int i = 0; i < n; i++) {
        t = sinf(t + x[i]) * 0.9f;
        s += t * x[(i + 3) % n];
    }
    return s;
}

#pragma ad grad(energy) wrt(x[n], a)
#pragma ad hessian(energy) wrt(x[n], a)
#pragma ad hvp(energy) wrt(x[n], a)
#pragma ad grad(pairs) wrt(x[n])
#pragma ad hessian(pairs) wrt(x[n])
#pragma ad hvp(pairs) wrt(x[n])
#pragma ad grad(fenergy) wrt(x[n])
#pragma ad hessian(fenergy) wrt(x[n])

#include "hessian_lanes.ad.h"

#define M (N + 1) /* energy's inputs: x, then a */

static void energy_grad_wrap(void *ctx, const double *z, double *g)
{
    (void)ctx;
    energy_grad(z, g, N, z[N], &g[N]);
}

static void pairs_grad_wrap(void *ctx, const double *x, double *g)
{
    (void)ctx;
    pairs_grad(x, g, N);
}

/* H (m x m) against differences of grad and symmetry */
static void check_fd(const char *what, oracle_fn grad, const double *z, const double *H, int m)
{
    double *Hfd = oracle_alloc(m * m), *e = oracle_alloc(m), *col = oracle_alloc(m), *g = oracle_alloc(m);
    grad(NULL, z, g);
    for (int j = 0; j < m; j++) {
        for (int i = 0; i < m; i++)
            e[i] = i == j;
        oracle_fd_jvp(grad, NULL, m, m, z, e, col);
        for (int i = 0; i < m; i++)
            Hfd[i * m + j] = col[i];
    }
    CHECK_VEC_CLOSE(what, H, Hfd, m * m, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(g, m)));
    for (int i = 0; i < m; i++)
        for (int j = 0; j < i; j++)
            CHECK_CLOSE("symmetric", H[i * m + j], H[j * m + i], 1e-10, 1e-12);
    free(Hfd);
    free(e);
    free(col);
    free(g);
}

int main(void)
{
    double z[M], H[M * M], e[M], hv[M];
    for (int i = 0; i < N; i++)
        z[i] = 0.4 * sin(1.3 * i + 0.7) + 0.1;
    z[N] = 0.35;

    double v = energy_hessian(z, N, z[N], H);
    CHECK_CLOSE("energy_hessian returns energy", v, energy(z, N, z[N]), 1e-14, 0.0);
    CHECK_TRUE("tape empty after energy_hessian", ccad_tape_empty());
    for (int j = 0; j < M; j++) { /* column j by the scalar sweep */
        for (int i = 0; i < M; i++)
            e[i] = i == j;
        energy_hvp(z, e, hv, N, z[N], e[N], &hv[N]);
        for (int i = 0; i < M; i++)
            CHECK_CLOSE("energy_hessian column = energy_hvp(e_j)", H[i * M + j], hv[i], 1e-12,
                        1e-13 * oracle_norm_inf(hv, M));
    }
    CHECK_TRUE("tape empty after energy_hvp", ccad_tape_empty());
    check_fd("energy_hessian vs central differences of energy_grad", energy_grad_wrap, z, H, M);

    double Hp[N * N], hp[N];
    pairs_hessian(z, N, Hp);
    for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++)
            e[i] = i == j;
        pairs_hvp(z, e, hp, N);
        for (int i = 0; i < N; i++)
            CHECK_CLOSE("pairs_hessian column = pairs_hvp(e_j)", Hp[i * N + j], hp[i], 1e-12,
                        1e-13 * oracle_norm_inf(hp, N));
    }
    check_fd("pairs_hessian vs central differences of pairs_grad", pairs_grad_wrap, z, Hp, N);
    CHECK_TRUE("tape empty after pairs", ccad_tape_empty());

    /* float: against the double Hessian of the same expression, computed
     * here by differences of the float gradient in double steps would be
     * too coarse; fenergy's Hessian is checked against its own gradient's
     * differences at float tolerance */
    float xf[N], Hf[N * N], gp[N], gm[N];
    for (int i = 0; i < N; i++)
        xf[i] = (float)z[i];
    fenergy_hessian(xf, N, Hf);
    for (int j = 0; j < N; j++) {
        float keep = xf[j], h = 1e-2f;
        xf[j] = keep + h;
        fenergy_grad(xf, gp, N);
        xf[j] = keep - h;
        fenergy_grad(xf, gm, N);
        xf[j] = keep;
        for (int i = 0; i < N; i++)
            CHECK_CLOSE("fenergy_hessian vs central differences of fenergy_grad", Hf[i * N + j],
                        (gp[i] - gm[i]) / (2.0f * h), 2e-2, 2e-3);
    }
    CHECK_TRUE("tape empty after fenergy", ccad_tape_empty());
    return oracle_result();
}
