/*
** jac/hessian: full Hessians (forward over reverse) and Hessian-vector
** products of scalar functions, checked against the gradient of the same
** file (a grad request):
**   rosen(x, n)           Rosenbrock, loop with pow; H has a closed form
**                         (tridiagonal), checked to ORACLE_RTOL_EXACT;
**   lse(t, x, w, n)       t * log(sum_i exp(x_i w_i / t)) + softplus(x_0 w_{n-1})
**                         + t cube(w_0): a scalar by-value input t mixed with
**                         arrays, a branch, ?:, a while loop and a helper
**                         call; wrt(t, x[n], w[n]);
**   lse with wrt(x[n]) only (name(lse_hess_x)): the x-block of the full one.
** For each: H is symmetric (to rounding, 1e-13 relative to |H|_inf);
** H equals central differences of f_grad column by column (the FD error
** with h = cbrt(eps) max(1, |x_j|) is ~1e-10 relative, so ORACLE_RTOL_FD
** with the floor oracle_fd_atol(|grad|_inf)); f_hvp(v) equals H v for
** random v (ORACLE_RTOL_EXACT, floor 1e-14 |H|_inf |v|_inf n); hvp
** overwrites x_hv (garbage in); hessian and hvp return f's value; the tape
** is empty afterwards.
** (A helper whose reverse sweep pops a taped value, like one returning
** exp(u), gives wrong second derivatives: jac/hessian_helper.c.disabled.)
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double rosen(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i + 1 < n; i++)
        s += 100.0 * pow(x[i + 1] - x[i] * x[i], 2) + pow(1.0 - x[i], 2);
    return s;
}

/* A helper whose reverse sweep needs no taped value (see the note above). */
static double cube(double u)
{
    return u * u * u;
}

double lse(double t, const double *x, const double *w, int n)
{
    double m = -INFINITY, s = 0.0;
    for (int i = 0; i < n; i++)
        if (x[i] * w[i] / t > m)
            m = x[i] * w[i] / t;
    int i = 0;
    while (i < n) {
        s += exp(x[i] * w[i] / t - m);
        i++;
    }
    double u = x[0] * w[n - 1];
    return t * (m + log(s)) + (u > 0.0 ? u + log1p(exp(-u)) : log1p(exp(u))) + cube(w[0]) * t;
}

#pragma ad grad(rosen) wrt(x[n])
#pragma ad hessian(rosen) wrt(x[n])
#pragma ad hvp(rosen) wrt(x[n])
#pragma ad grad(lse) wrt(t, x[n], w[n])
#pragma ad hessian(lse) wrt(t, x[n], w[n])
#pragma ad hvp(lse) wrt(t, x[n], w[n])
#pragma ad hessian(lse) wrt(x[n]) name(lse_hess_x)

#include "hessian.ad.h"

#define N 5
#define NL (2 * N + 1)

static double rosen_g(const double *z, double *g)
{
    return rosen_grad(z, g, N);
}

static double lse_g(const double *z, double *g)
{
    return lse_grad(z[0], &g[0], z + 1, g + 1, z + 1 + N, g + 1 + N, N);
}

/* H (n x n) symmetric and equal to FD of the gradient */
static void check_h(const char *name, double (*grad)(const double *z, double *g), const double *z,
                    int n, const double *H)
{
    double *g0 = oracle_alloc(n), *gp = oracle_alloc(n), *gm = oracle_alloc(n);
    double *zp = oracle_alloc(n), *fd = oracle_alloc(n * n), *Ht = oracle_alloc(n * n);
    char label[128];
    grad(z, g0);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            Ht[i * n + j] = H[j * n + i];
    double hs = oracle_norm_inf(H, n * n);
    snprintf(label, sizeof label, "%s hessian symmetric", name);
    CHECK_VEC_CLOSE(label, H, Ht, n * n, 1e-13, 1e-13 * hs);
    memcpy(zp, z, (size_t)n * sizeof *zp);
    for (int j = 0; j < n; j++) {
        double h = oracle_fd_step(z[j], DBL_EPSILON);
        zp[j] = z[j] + h;
        grad(zp, gp);
        zp[j] = z[j] - h;
        grad(zp, gm);
        zp[j] = z[j];
        for (int i = 0; i < n; i++)
            fd[i * n + j] = (gp[i] - gm[i]) / (2.0 * h);
    }
    snprintf(label, sizeof label, "%s hessian vs FD of %s_grad", name, name);
    CHECK_VEC_CLOSE(label, H, fd, n * n, ORACLE_RTOL_FD,
                    oracle_fd_atol(fmax(oracle_norm_inf(g0, n), hs)));
    free(g0);
    free(gp);
    free(gm);
    free(zp);
    free(fd);
    free(Ht);
}

static void matvec(const double *H, const double *v, double *out, int n)
{
    for (int i = 0; i < n; i++) {
        out[i] = 0.0;
        for (int j = 0; j < n; j++)
            out[i] += H[i * n + j] * v[j];
    }
}

int main(void)
{
    OracleRng rng = oracle_rng(7);
    char label[128];
    for (int t = 0; t < 3; t++) {
        /* ---- rosen */
        double x[N], H[N * N], want[N * N], v[N], hv[N], Hv[N];
        oracle_fill_uniform(&rng, x, N, -1.5, 1.5);
        for (int k = 0; k < N * N; k++)
            H[k] = NAN;
        double r = rosen_hessian(x, N, H);
        snprintf(label, sizeof label, "point %d rosen_hessian returns rosen", t);
        CHECK_CLOSE(label, r, rosen(x, N), 0.0, 0.0);
        memset(want, 0, sizeof want);
        for (int i = 0; i + 1 < N; i++) {
            want[i * N + i] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
            want[(i + 1) * N + i + 1] += 200.0;
            want[i * N + i + 1] += -400.0 * x[i];
            want[(i + 1) * N + i] += -400.0 * x[i];
        }
        snprintf(label, sizeof label, "point %d rosen hessian closed form", t);
        CHECK_VEC_CLOSE(label, H, want, N * N, ORACLE_RTOL_EXACT, 1e-13 * oracle_norm_inf(want, N * N));
        check_h("rosen", rosen_g, x, N, H);
        oracle_fill_normal(&rng, v, N);
        for (int i = 0; i < N; i++)
            hv[i] = 1e300;
        r = rosen_hvp(x, v, hv, N);
        snprintf(label, sizeof label, "point %d rosen_hvp returns rosen", t);
        CHECK_CLOSE(label, r, rosen(x, N), 0.0, 0.0);
        matvec(H, v, Hv, N);
        snprintf(label, sizeof label, "point %d rosen_hvp = H v", t);
        CHECK_VEC_CLOSE(label, hv, Hv, N, ORACLE_RTOL_EXACT,
                        1e-14 * N * oracle_norm_inf(H, N * N) * oracle_norm_inf(v, N));
        CHECK_TRUE("tape empty", ccad_tape_empty());

        /* ---- lse, wrt(t, x, w) */
        double z[NL], HL[NL * NL], vl[NL], hvl[NL], Hvl[NL];
        z[0] = oracle_uniform(&rng, 0.5, 2.0);
        oracle_fill_uniform(&rng, z + 1, 2 * N, -1.5, 1.5);
        const double *xl = z + 1, *wl = z + 1 + N;
        double f0 = lse(z[0], xl, wl, N);
        r = lse_hessian(z[0], xl, wl, N, HL);
        snprintf(label, sizeof label, "point %d lse_hessian returns lse", t);
        CHECK_CLOSE(label, r, f0, 0.0, 0.0);
        check_h("lse", lse_g, z, NL, HL);
        oracle_fill_normal(&rng, vl, NL);
        for (int i = 0; i < NL; i++)
            hvl[i] = -1e300;
        r = lse_hvp(z[0], vl[0], &hvl[0], xl, vl + 1, hvl + 1, wl, vl + 1 + N, hvl + 1 + N, N);
        snprintf(label, sizeof label, "point %d lse_hvp returns lse", t);
        CHECK_CLOSE(label, r, f0, 0.0, 0.0);
        matvec(HL, vl, Hvl, NL);
        snprintf(label, sizeof label, "point %d lse_hvp = H v", t);
        CHECK_VEC_CLOSE(label, hvl, Hvl, NL, ORACLE_RTOL_EXACT,
                        1e-14 * NL * oracle_norm_inf(HL, NL * NL) * oracle_norm_inf(vl, NL));

        /* ---- lse, wrt(x) only: the x-block */
        double Hx[N * N], blk[N * N];
        r = lse_hess_x(z[0], xl, wl, N, Hx);
        snprintf(label, sizeof label, "point %d lse_hess_x returns lse", t);
        CHECK_CLOSE(label, r, f0, 0.0, 0.0);
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                blk[i * N + j] = HL[(1 + i) * NL + 1 + j];
        snprintf(label, sizeof label, "point %d lse hessian wrt(x) = x-block of the full one", t);
        CHECK_VEC_CLOSE(label, Hx, blk, N * N, ORACLE_RTOL_EXACT, 1e-14 * oracle_norm_inf(HL, NL * NL));
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    return oracle_result();
}
