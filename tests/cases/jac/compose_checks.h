/*
** compose_checks.h: the main() of the jac/compose_* cases. Each case defines
** a scalar function double f(double a, const double *x, int n) the way real
** code is written (helpers in loops and branches, recursion, malloc'd
** scratch, custom rules), requests every composition the manual lists with
** the pragmas below, and hands the generated functions to compose_checks()
** (through pointers: code outside FILE.c must not name them before they are
** generated; FILE.ad.h copies the includes of FILE.c, hence the guard and
** the inline functions):
**
**   #pragma ad grad(f) wrt(a, x[n])
**   #pragma ad vjp(f) wrt(a, x[n])
**   #pragma ad jvp(f) wrt(a, x[n])
**   #pragma ad hessian(f) wrt(a, x[n])
**   #pragma ad hvp(f) wrt(x[n]) name(f_hvp_x)
**   #pragma ad jvp(f_grad) wrt(a, x[n]) out(a_bar[1], x_bar[n])
**   #pragma ad jvp(f_grad) wrt(x[n]) out(a_bar[1], x_bar[n]) name(f_grad_jvp_x)
**   #pragma ad jvp(f_grad) wrt(a) out(a_bar[1], x_bar[n]) name(f_grad_jvp_a)
**   #pragma ad jvp(f_vjp) wrt(a, x[n]) out(a_bar[1], x_bar[n])
**   #pragma ad grad(f_jvp) wrt(a, x[n]) out(ret_dot[1])
**   #pragma ad vjp(f_jvp) wrt(a, x[n]) out(ret_dot[1])
**   #pragma ad jacfwd(f_grad) wrt(a, x[n]) out(a_bar[1], x_bar[n])
**   #pragma ad vmap(f_grad) batch(a, a_bar[1], x[n], x_bar[n])
**
** z = (a, x) flattened, g = grad f, H = hessian f, v a random
** direction. Independent oracles: f_grad against central differences of
** f, H against central differences of f_grad (column by column) and for
** symmetry, f_hvp_x against a central difference of f_grad along v (all at
** ORACLE_RTOL_FD: step ~ cbrt(eps)|z|, error O(h^2) ~ 1e-10 relative). The
** composed functions must then agree with H to rounding (1e-12 relative,
** absolute floor 1e-13 |H| |v| (n+1)): jvp(f_grad) = (g, H v), the same
** with a held fixed = (g, H[:, x] v_x), with x held fixed H[:, a] v_a, jvp(f_vjp) adds s g to the bars
** and writes s H v to their tangents, grad(f_jvp) = H v with
** ret_dot = g.v, vjp(f_jvp) adds s H v,
** jacfwd(f_grad) = H, vmap(f_grad) = f_grad per element; every one returns
** f and leaves the tape empty.
*/
#ifndef COMPOSE_CHECKS_H
#define COMPOSE_CHECKS_H
#include <float.h>
#include <stdio.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define CASE_N 5
#define NZ (CASE_N + 1)

typedef struct ComposeFns {
    double (*f)(double, const double *, int);
    double (*grad)(double, double *, const double *, double *, int);
    double (*hessian)(double, const double *, int, double *);
    double (*hvp_x)(double, const double *, const double *, double *, int);
    double (*grad_jvp)(double, double, double *, double *, const double *, const double *, double *, double *, int);
    double (*grad_jvp_x)(double, double *, double *, const double *, const double *, double *, double *, int);
    double (*grad_jvp_a)(double, double, double *, double *, const double *, double *, double *, int);
    double (*vjp_jvp)(double, double, double *, double *, const double *, const double *, double *, double *, int,
                      double);
    double (*jvp_grad)(double, double *, double, const double *, double *, const double *, int, double *);
    double (*jvp_vjp)(double, double *, double, const double *, double *, const double *, int, double *, double *);
    double (*grad_jacfwd)(double, double *, const double *, double *, int, double *);
    void (*grad_vmap)(int, const double *, double *, const double *, double *, int, double *);
} ComposeFns;

static const ComposeFns *F;

static inline double cc_grad_flat(const double *z, double *g)
{
    return F->grad(z[0], &g[0], z + 1, g + 1, CASE_N);
}

static inline void cc_f_wrap(void *ctx, const double *z, double *y)
{
    (void)ctx;
    y[0] = F->f(z[0], z + 1, CASE_N);
}

static inline void cc_grad_wrap(void *ctx, const double *z, double *g)
{
    (void)ctx;
    cc_grad_flat(z, g);
}

static inline void cc_matvec(const double *H, const double *v, double *out)
{
    for (int i = 0; i < NZ; i++)
        out[i] = oracle_dot(&H[i * NZ], v, NZ);
}

static inline void cc_check_point(OracleRng *rng, int t)
{
    char label[160];
    double z[NZ], v[NZ], vx[NZ], g[NZ], gfd[NZ], H[NZ * NZ], Ht[NZ * NZ], fd[NZ * NZ], e[NZ], col[NZ];
    double Hv[NZ], Hvx[NZ];
    z[0] = oracle_uniform(rng, 0.3, 1.2);
    oracle_fill_uniform(rng, z + 1, CASE_N, -1.2, 1.2);
    oracle_fill_normal(rng, v, NZ);
    const double a = z[0], *x = z + 1;
    const double f0 = F->f(a, x, CASE_N);

    /* the references: f_grad and f_hessian against central differences */
    snprintf(label, sizeof label, "point %d f_grad returns f", t);
    CHECK_CLOSE(label, cc_grad_flat(z, g), f0, 1e-15, 0.0);
    oracle_fd_grad(cc_f_wrap, NULL, NZ, z, gfd);
    snprintf(label, sizeof label, "point %d f_grad vs central differences of f", t);
    CHECK_VEC_CLOSE(label, g, gfd, NZ, ORACLE_RTOL_FD, oracle_fd_atol(fabs(f0)));
    snprintf(label, sizeof label, "point %d f_hessian returns f", t);
    CHECK_CLOSE(label, F->hessian(a, x, CASE_N, H), f0, 1e-15, 0.0);
    for (int i = 0; i < NZ; i++)
        for (int j = 0; j < NZ; j++)
            Ht[i * NZ + j] = H[j * NZ + i];
    const double hs = oracle_norm_inf(H, NZ * NZ);
    snprintf(label, sizeof label, "point %d H symmetric", t);
    CHECK_VEC_CLOSE(label, H, Ht, NZ * NZ, 1e-12, 1e-13 * hs);
    for (int j = 0; j < NZ; j++) {
        for (int i = 0; i < NZ; i++)
            e[i] = i == j;
        oracle_fd_jvp(cc_grad_wrap, NULL, NZ, NZ, z, e, col);
        for (int i = 0; i < NZ; i++)
            fd[i * NZ + j] = col[i];
    }
    snprintf(label, sizeof label, "point %d H vs central differences of f_grad", t);
    CHECK_VEC_CLOSE(label, H, fd, NZ * NZ, ORACLE_RTOL_FD, oracle_fd_atol(fmax(oracle_norm_inf(g, NZ), hs)));
    cc_matvec(H, v, Hv);
    memcpy(vx, v, sizeof vx);
    vx[0] = 0.0;
    cc_matvec(H, vx, Hvx);
    const double atol_hv = 1e-13 * fmax(hs, 1e-300) * oracle_norm_inf(v, NZ) * NZ;
    const double atol_g = 1e-14 * fmax(1.0, oracle_norm_inf(g, NZ));

    /* hvp(f) wrt(x): H[x, x] v_x, against a central difference of f_grad along v_x */
    {
        double hv[CASE_N], dfd[NZ];
        snprintf(label, sizeof label, "point %d f_hvp_x returns f", t);
        CHECK_CLOSE(label, F->hvp_x(a, x, v + 1, hv, CASE_N), f0, 1e-15, 0.0);
        oracle_fd_jvp(cc_grad_wrap, NULL, NZ, NZ, z, vx, dfd);
        snprintf(label, sizeof label, "point %d hvp vs central differences of f_grad", t);
        CHECK_VEC_CLOSE(label, hv, dfd + 1, CASE_N, ORACLE_RTOL_FD,
                        oracle_fd_atol(oracle_norm_inf(g, NZ) * oracle_norm_inf(v, NZ)));
        snprintf(label, sizeof label, "point %d hvp = H v", t);
        CHECK_VEC_CLOSE(label, hv, Hvx + 1, CASE_N, 1e-12, atol_hv);
    }
    /* jvp(f_grad) = (g, H v); with a held fixed (g, H vx) */
    {
        double ab = NAN, abd = NAN, xb[CASE_N], xbd[CASE_N], out[NZ], outd[NZ];
        snprintf(label, sizeof label, "point %d f_grad_jvp returns f", t);
        CHECK_CLOSE(label, F->grad_jvp(a, v[0], &ab, &abd, x, v + 1, xb, xbd, CASE_N), f0, 1e-15, 0.0);
        out[0] = ab;
        outd[0] = abd;
        memcpy(out + 1, xb, sizeof xb);
        memcpy(outd + 1, xbd, sizeof xbd);
        snprintf(label, sizeof label, "point %d jvp(f_grad): bars = grad f", t);
        CHECK_VEC_CLOSE(label, out, g, NZ, 1e-12, atol_g);
        snprintf(label, sizeof label, "point %d jvp(f_grad) = H v", t);
        CHECK_VEC_CLOSE(label, outd, Hv, NZ, 1e-12, atol_hv);
        ab = abd = NAN;
        snprintf(label, sizeof label, "point %d f_grad_jvp_x returns f", t);
        CHECK_CLOSE(label, F->grad_jvp_x(a, &ab, &abd, x, v + 1, xb, xbd, CASE_N), f0, 1e-15, 0.0);
        outd[0] = abd;
        memcpy(outd + 1, xbd, sizeof xbd);
        snprintf(label, sizeof label, "point %d jvp(f_grad) wrt(x) = H[:, x] v_x", t);
        CHECK_VEC_CLOSE(label, outd, Hvx, NZ, 1e-12, atol_hv);
        ab = abd = NAN;
        snprintf(label, sizeof label, "point %d f_grad_jvp_a returns f", t);
        CHECK_CLOSE(label, F->grad_jvp_a(a, v[0], &ab, &abd, x, xb, xbd, CASE_N), f0, 1e-15, 0.0);
        outd[0] = abd;
        memcpy(outd + 1, xbd, sizeof xbd);
        for (int i = 0; i < NZ; i++)
            out[i] = H[i * NZ] * v[0];
        snprintf(label, sizeof label, "point %d jvp(f_grad) wrt(a) = H[:, a] v_a", t);
        CHECK_VEC_CLOSE(label, outd, out, NZ, 1e-12, atol_hv);
    }
    /* jvp(f_vjp) with seed s: bars += s g; a_bar and x_bar are outputs only
     * (not in wrt), so their tangents are written: s H v */
    {
        const double s = -0.75;
        double ab = 1.0, abd = 0.5, xb[CASE_N], xbd[CASE_N], out[NZ], outd[NZ], want[NZ], wantd[NZ];
        for (int i = 0; i < CASE_N; i++) {
            xb[i] = 1.0;
            xbd[i] = 0.5;
        }
        snprintf(label, sizeof label, "point %d f_vjp_jvp returns f", t);
        CHECK_CLOSE(label, F->vjp_jvp(a, v[0], &ab, &abd, x, v + 1, xb, xbd, CASE_N, s), f0, 1e-15, 0.0);
        out[0] = ab;
        outd[0] = abd;
        memcpy(out + 1, xb, sizeof xb);
        memcpy(outd + 1, xbd, sizeof xbd);
        for (int i = 0; i < NZ; i++) {
            want[i] = 1.0 + s * g[i];
            wantd[i] = s * Hv[i];
        }
        snprintf(label, sizeof label, "point %d jvp(f_vjp): bars += s g", t);
        CHECK_VEC_CLOSE(label, out, want, NZ, 1e-12, atol_g);
        snprintf(label, sizeof label, "point %d jvp(f_vjp): bar tangents = s H v", t);
        CHECK_VEC_CLOSE(label, outd, wantd, NZ, 1e-12, atol_hv);
    }
    /* grad(f_jvp) = H v (overwritten), ret_dot = g.v */
    {
        double ab = 1e300, xb[CASE_N], rd = NAN, out[NZ];
        for (int i = 0; i < CASE_N; i++)
            xb[i] = -1e300;
        snprintf(label, sizeof label, "point %d f_jvp_grad returns f", t);
        CHECK_CLOSE(label, F->jvp_grad(a, &ab, v[0], x, xb, v + 1, CASE_N, &rd), f0, 1e-15, 0.0);
        snprintf(label, sizeof label, "point %d grad(f_jvp): ret_dot = g.v", t);
        CHECK_CLOSE(label, rd, oracle_dot(g, v, NZ), 1e-12, atol_g * oracle_norm_inf(v, NZ) * NZ);
        out[0] = ab;
        memcpy(out + 1, xb, sizeof xb);
        snprintf(label, sizeof label, "point %d grad(f_jvp) = H v", t);
        CHECK_VEC_CLOSE(label, out, Hv, NZ, 1e-12, atol_hv);
    }
    /* vjp(f_jvp): bars += s H v, seed zero on exit */
    {
        double s = 0.6, ab = 1.0, xb[CASE_N], rd, rdb = s, out[NZ], want[NZ];
        for (int i = 0; i < CASE_N; i++)
            xb[i] = 1.0;
        F->jvp_vjp(a, &ab, v[0], x, xb, v + 1, CASE_N, &rd, &rdb);
        out[0] = ab;
        memcpy(out + 1, xb, sizeof xb);
        for (int i = 0; i < NZ; i++)
            want[i] = 1.0 + s * Hv[i];
        snprintf(label, sizeof label, "point %d vjp(f_jvp): bars += s H v", t);
        CHECK_VEC_CLOSE(label, out, want, NZ, 1e-12, atol_hv);
        snprintf(label, sizeof label, "point %d vjp(f_jvp): ret_dot_bar zero on exit", t);
        CHECK_CLOSE(label, rdb, 0.0, 0.0, 0.0);
    }
    /* jacfwd(f_grad) = H */
    {
        double ab, xb[CASE_N], J[NZ * NZ];
        snprintf(label, sizeof label, "point %d f_grad_jacfwd returns f", t);
        CHECK_CLOSE(label, F->grad_jacfwd(a, &ab, x, xb, CASE_N, J), f0, 1e-15, 0.0);
        snprintf(label, sizeof label, "point %d jacfwd(f_grad) = H", t);
        CHECK_VEC_CLOSE(label, J, H, NZ * NZ, 1e-12, 1e-13 * hs);
    }
    snprintf(label, sizeof label, "point %d tape empty", t);
    CHECK_TRUE(label, ccad_tape_empty());
}

/* vmap(f_grad): element b is f_grad at point b */
static inline void cc_check_vmap(OracleRng *rng)
{
    enum { B = 3 };
    double a[B], ab[B], x[B * CASE_N], xb[B * CASE_N], ret[B], g[NZ], z[NZ], got[NZ];
    for (int b = 0; b < B; b++) {
        a[b] = oracle_uniform(rng, 0.3, 1.2);
        oracle_fill_uniform(rng, x + b * CASE_N, CASE_N, -1.2, 1.2);
    }
    F->grad_vmap(B, a, ab, x, xb, CASE_N, ret);
    for (int b = 0; b < B; b++) {
        z[0] = a[b];
        memcpy(z + 1, x + b * CASE_N, sizeof(double) * CASE_N);
        double r = cc_grad_flat(z, g);
        got[0] = ab[b];
        memcpy(got + 1, xb + b * CASE_N, sizeof(double) * CASE_N);
        CHECK_CLOSE("vmap(f_grad) returns f", ret[b], r, 1e-15, 0.0);
        CHECK_VEC_CLOSE("vmap(f_grad) = f_grad per element", got, g, NZ, 1e-15, 0.0);
    }
    CHECK_TRUE("tape empty after vmap", ccad_tape_empty());
}

static inline int compose_checks(const ComposeFns *fns, uint64_t seed)
{
    F = fns;
    OracleRng rng = oracle_rng(seed);
    for (int t = 0; t < 3; t++)
        cc_check_point(&rng, t);
    cc_check_vmap(&rng);
    return oracle_result();
}

#endif
