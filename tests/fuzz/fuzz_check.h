/*
** fuzz_check.h: the checker of the programs tests/fuzz/gen writes.
**
** A generated program defines two functions of the same body,
**     void fv(const T *x, T a, T *y, int n)     R^(n+1) -> R^m
**     T    fs(const T *x, T a, int n)           R^(n+1) -> R
** requests their derivatives, and fills an FzProg with flat wrappers
** (double vectors in and out, whatever T is; the scalar a is the last input
** when it is active). fz_run() then checks, at one point x:
**   - f_jvp, fs_jvp against central differences (oracle_check_jvp);
**   - f_vjp, fs_vjp against jvp by the dot-product identity, against
**     differences, accumulation, repeatability (oracle_check_vjp);
**   - fs_grad against fs_vjp with seed 1 and differences (oracle_check_grad);
**   - jacfwd == jacrev, J v == jvp(v), J^T w == vjp(w);
**   - hessian == jacfwd(fs_grad), H symmetric, H v == hvp(v), hvp against
**     central differences of fs_grad;
**   - every generated function's primal equals the original's;
**   - ccad_tape_empty() after each reverse-mode call;
**   - the generated code raises no floating-point exception (invalid,
**     division by zero, overflow) that the original did not: an operation
**     moved out of the ?: arm or branch that guarded it.
** Programs of the opt-in classes add (through fz_vmap, fz_nested, fz_alias,
** set before fz_run): every element of vmap'd functions against the
** unbatched one; jvp(grad(fs)) and grad(jvp(fs)) against fs_hvp; fa's jvp
** and vjp with may_alias on one overlapping buffer and on separate ones,
** against differences of the same call. (The scratch class checks the
** state in its wrappers: st_cmp in the generated program.)
** A NULL entry skips its checks (the minimiser removes requests).
**
** Finite differences are trustworthy only where f is smooth within the
** step: a generated program branches on data, so x may sit within a step of
** a kink. Before checking, fz_run probes f and fs along every direction it
** will difference (unit vectors, then the random ones) with steps h and h/2:
** on a smooth function the two quotients agree to O(h^2 f''') ~ 1e-10
** (double); across a kink they differ by O(jump). A point that fails the
** probe is redrawn (up to FZ_TRIES times); the derivatives there are fine,
** only the oracle is not.
**
** Tolerances are the oracle's (tests/oracle/ccad_oracle.h); comparisons of
** two exact derivatives computed in different orders (jacfwd against
** jacrev, hessian against jacfwd(grad)) take FZ_RTOL_SAME, a few hundred
** ulps of the size of the matrix, since both sum the same products in
** different orders; float programs use 1e-4.
*/
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <fenv.h>

#include "ccad.h"
#include "ccad_oracle.h"

#define FZ_TRIES 12
#define FZ_RTOL_SAME 1e-10

typedef void (*fz_jac_fn)(void *ctx, const double *x, double *y, double *jac);
typedef double (*fz_hess_fn)(void *ctx, const double *x, double *hess);
typedef double (*fz_hvp_fn)(void *ctx, const double *x, const double *v, double *hv);
typedef double (*fz_gjac_fn)(void *ctx, const double *x, double *g, double *jac);

typedef struct FzProg {
    const char *name;
    int n, m;         /* flat inputs (x, then a when active), outputs of fv */
    int is_float;
    oracle_fn f;      /* fv */
    oracle_jvp_fn f_jvp;
    oracle_vjp_fn f_vjp;
    fz_jac_fn f_jacfwd, f_jacrev;
    oracle_fn s;      /* fs */
    oracle_jvp_fn s_jvp;
    oracle_vjp_fn s_vjp;
    oracle_grad_fn s_grad;
    fz_hess_fn s_hessian;
    fz_hvp_fn s_hvp;
    fz_gjac_fn s_grad_jacfwd; /* jacfwd(fs_grad): gradient and Hessian */
} FzProg;

/* The sparse clause (feature sparse): the CSR results expanded to dense.
** Apart from FzProg, whose positional initializers older programs (found/)
** spell in full: a program with sparse requests sets these before fz_run. */
static struct {
    fz_jac_fn f_jacfwd, f_jacrev;
    fz_hess_fn s_hessian;
} fz_sparse;

/* Feature vmap: flat wrappers of fv_vmap, fs_vmap and fs_grad_vmap over
** `batch` blocks of n inputs, giving m, 1 and n + 1 (the gradient, then the
** value) outputs per element; shared_last: the scalar a (the last input) is
** shared by the elements, so they get the same one. fz_check_vmap compares
** each element with the unbatched function. Feature nested: jvp(grad(fs)),
** an hvp. Set before fz_run; zero (absent) in other programs. */
typedef void (*fz_vmap_fn)(void *ctx, int batch, const double *x, double *y);
static struct {
    int batch, shared_last;
    fz_vmap_fn f, s, s_grad;
    fz_vmap_fn s_hvp;    /* 2n inputs (point, direction), n + 1 outputs (H v, value) */
    fz_vmap_fn s_hvp2;   /* the same of vmap(fs_grad_jvp), jvp(grad(fs)) batched */
    fz_vmap_fn f_jacfwd; /* m + m n outputs (y, the Jacobian) */
} fz_vmap;
static struct {
    fz_hvp_fn s_hvp, s_hvp2; /* jvp(grad(fs)), grad(jvp(fs)) */
} fz_nested;
/* Feature mayalias: fa called on one buffer (u and v overlapping) and on
** separate ones, as flat problems; checked at a random point (fa is smooth). */
static OracleProblem fz_alias[2];

/* A sparse driver's CSR result (m x n), checked for shape (row pointers
** from 0 rising to nnz, columns ascending within a row and in range) and
** expanded into the dense row-major d. */
static inline void fz_csr_dense(const ccad_csr *a, int m, int n, double *d, const char *label)
{
    int ok = a->nrows == m && a->ncols == n && a->rowptr && a->rowptr[0] == 0 && a->rowptr[m] == a->nnz;
    for (int i = 0; i < m * n; i++)
        d[i] = 0;
    for (int i = 0; ok && i < m; i++) {
        ok &= a->rowptr[i] <= a->rowptr[i + 1];
        for (int k = a->rowptr[i]; ok && k < a->rowptr[i + 1]; k++) {
            ok &= a->col[k] >= 0 && a->col[k] < n && (k == a->rowptr[i] || a->col[k - 1] < a->col[k]);
            if (ok)
                d[i * n + a->col[k]] = a->val[k];
        }
    }
    char l[96];
    snprintf(l, sizeof l, "%s: a well-formed %d x %d CSR matrix", label, m, n);
    oracle_check_true(l, ok, "rowptr, col");
}

static inline double fz_eps(const FzProg *p)
{
    return p->is_float ? (double)FLT_EPSILON : DBL_EPSILON;
}

/* Tolerances of the smoothness probe: absolute (times |F| |v|) and relative
** to the quotient, each well below the checks' (oracle_check_jvp: 1e-8 and
** 1e-6 in double; 1e-3 in float) and above the noise of the quotients
** (rounding eps |F| / h: 4e-11 in double, 2.4e-5 in float, times the few
** ulps of error of a whole evaluation). */
static inline double fz_probe_atol(const FzProg *p)
{
    return p->is_float ? 5e-4 : 1e-8;
}
static inline double fz_probe_rtol(const FzProg *p)
{
    return p->is_float ? 5e-4 : 1e-7;
}

/* One probe: F's difference quotients along v with steps h and h/2 agree
** (relative to the size of F and of the quotient). */
static inline int fz_smooth_along(const FzProg *p, oracle_fn f, int m,
                                  const double *x, const double *v)
{
    int n = p->n, ok = 1;
    double *xp = oracle_alloc(n), *yp = oracle_alloc(m), *ym = oracle_alloc(m);
    double *y0 = oracle_alloc(m), *d1 = oracle_alloc(m);
    double vmax = oracle_norm_inf(v, n), xmax = 1.0;
    for (int i = 0; i < n; i++)
        if (v[i] != 0.0)
            xmax = fmax(xmax, fabs(x[i]));
    double h = cbrt(fz_eps(p)) * xmax / (vmax > 0 ? vmax : 1.0);
    f(NULL, x, y0);
    double fscale = fmax(1.0, oracle_norm_inf(y0, m));
    for (int k = 0; k < 2 && ok; k++) {
        double hk = k ? h / 2 : h;
        for (int i = 0; i < n; i++)
            xp[i] = x[i] + hk * v[i];
        f(NULL, xp, yp);
        for (int i = 0; i < n; i++)
            xp[i] = x[i] - hk * v[i];
        f(NULL, xp, ym);
        for (int i = 0; i < m; i++) {
            double d = (yp[i] - ym[i]) / (2 * hk);
            if (!isfinite(d))
                ok = 0;
            else if (k == 0)
                d1[i] = d;
            else if (fabs(d - d1[i]) > fz_probe_atol(p) * fscale * vmax + fz_probe_rtol(p) * fabs(d))
                ok = 0;
        }
    }
    free(xp);
    free(yp);
    free(ym);
    free(y0);
    free(d1);
    return ok;
}

/* The directions the checks difference along: the n unit vectors, then
** FZ_NDIRS normal ones (drawn once from the program's seed). */
#define FZ_NDIRS 3

static inline int fz_smooth_at(const FzProg *p, const double *x, double *dirs)
{
    int n = p->n;
    double *e = oracle_alloc(n);
    int ok = 1;
    for (int d = 0; d < n + FZ_NDIRS && ok; d++) {
        const double *v = e;
        if (d < n) {
            memset(e, 0, (size_t)n * sizeof *e);
            e[d] = 1.0;
        } else {
            v = dirs + (size_t)(d - n) * n;
        }
        if (p->f)
            ok = ok && fz_smooth_along(p, p->f, p->m, x, v);
        if (p->s)
            ok = ok && fz_smooth_along(p, p->s, 1, x, v);
    }
    free(e);
    return ok;
}

/* Two derivative matrices (or vectors) computed exactly in different ways. */
static inline void fz_same(const FzProg *p, const char *label, const double *got,
                           const double *want, int len)
{
    double scale = fmax(1.0, fmax(oracle_norm_inf(got, len), oracle_norm_inf(want, len)));
    double rtol = p->is_float ? 1e-4 : FZ_RTOL_SAME;
    oracle_check_vec(label, got, want, len, rtol, rtol * scale);
}

/* A generated function's primal against the original's: the same
** operations, but not always the same roundings. In float, a math call on
** constants (atan2f(noise(3), 2.0f + cosf(-0.8f)), noise inlined) is folded
** by the compiler in FILE.c, correctly rounded, and called at run time in
** FILE.ad.c, where libm may differ by an ulp; an output that cancels
** afterwards keeps that ulp of the vector's scale, not of its own
** (fz144273: y[1] = -4.4e-4 off by 7.5e-9, with |y| ~ 1). So the absolute
** floor is the relative tolerance times the outputs' scale. */
static inline double fz_primal_rtol(const FzProg *p) { return p->is_float ? 1e-6 : 1e-13; }

static inline void fz_primal(const FzProg *p, const char *label, double got, double want)
{
    double rtol = fz_primal_rtol(p);
    oracle_check_close(label, got, want, rtol, rtol * fmax(1.0, fabs(want)));
}

static inline void fz_tape(const char *label)
{
    oracle_check_true(label, ccad_tape_empty(), "ccad_tape_empty()");
}

/* The Jacobian checks: jacfwd == jacrev, J v == jvp(v), primals. */
static inline void fz_check_jac(const FzProg *p, const double *x, const double *v)
{
    int n = p->n, m = p->m;
    double *y0 = oracle_alloc(m), *y = oracle_alloc(m), *jf = oracle_alloc(m * n);
    double *jr = oracle_alloc(m * n), *jv = oracle_alloc(m), *ydot = oracle_alloc(m);
    p->f(NULL, x, y0);
    if (p->f_jacfwd) {
        p->f_jacfwd(NULL, x, y, jf);
        oracle_check_vec("fv_jacfwd primal", y, y0, m, fz_primal_rtol(p), fz_primal_rtol(p) * fmax(1.0, oracle_norm_inf(y0, m)));
        if (p->f_jvp) {
            for (int i = 0; i < m; i++) {
                jv[i] = 0;
                for (int j = 0; j < n; j++)
                    jv[i] += jf[i * n + j] * v[j];
            }
            p->f_jvp(NULL, x, v, y, ydot);
            fz_same(p, "fv_jacfwd * v == fv_jvp(v)", jv, ydot, m);
        }
    }
    if (p->f_jacrev) {
        p->f_jacrev(NULL, x, y, jr);
        oracle_check_vec("fv_jacrev primal", y, y0, m, fz_primal_rtol(p), fz_primal_rtol(p) * fmax(1.0, oracle_norm_inf(y0, m)));
        fz_tape("fv_jacrev tape empty");
        if (p->f_vjp) {
            /* J^T w == vjp(w) for w = the first m components of v */
            double *w = oracle_alloc(m), *jtw = oracle_alloc(n), *xb = oracle_alloc(n);
            for (int i = 0; i < m; i++)
                w[i] = v[i % n];
            for (int j = 0; j < n; j++) {
                jtw[j] = 0;
                for (int i = 0; i < m; i++)
                    jtw[j] += jr[i * n + j] * w[i];
            }
            p->f_vjp(NULL, x, xb, w, y);
            fz_same(p, "fv_jacrev^T w == fv_vjp(w)", jtw, xb, n);
            free(w);
            free(jtw);
            free(xb);
        }
    }
    if (p->f_jacfwd && p->f_jacrev)
        fz_same(p, "fv_jacfwd == fv_jacrev", jf, jr, m * n);
    /* sparse drivers (pattern found, then reused) against the dense ones */
    const double *ref = p->f_jacfwd ? jf : p->f_jacrev ? jr : NULL;
    fz_jac_fn sp[2] = {fz_sparse.f_jacfwd, fz_sparse.f_jacrev};
    for (int k = 0; k < 2 && ref; k++) {
        if (!sp[k])
            continue;
        double *js = oracle_alloc(m * n);
        sp[k](NULL, x, y, js);
        oracle_check_vec(k ? "fv_jacrev sparse primal" : "fv_jacfwd sparse primal", y, y0, m, fz_primal_rtol(p),
                         fz_primal_rtol(p) * fmax(1.0, oracle_norm_inf(y0, m)));
        fz_same(p, k ? "fv_jacrev sparse == dense" : "fv_jacfwd sparse == dense", js, ref, m * n);
        fz_tape("fv sparse tape empty");
        free(js);
    }
    free(y0);
    free(y);
    free(jf);
    free(jr);
    free(jv);
    free(ydot);
}

/* fs's gradient as a flat function R^n -> R^n, for differences of it. */
static const FzProg *fz_cur;
static inline void fz_grad_flat(void *ctx, const double *x, double *g)
{
    fz_cur->s_grad(ctx, x, g);
}

/* Second order: hessian == jacfwd(fs_grad), symmetric; H v == hvp(v);
** hvp(v) against central differences of fs_grad along v. */
static inline void fz_check_hess(const FzProg *p, const double *x, const double *v)
{
    int n = p->n;
    double s0, *h = oracle_alloc(n * n), *hj = oracle_alloc(n * n), *ht = oracle_alloc(n * n);
    double *g = oracle_alloc(n), *g2 = oracle_alloc(n), *hv = oracle_alloc(n);
    double *hv2 = oracle_alloc(n), *fd = oracle_alloc(n), *fd2 = oracle_alloc(n);
    p->s(NULL, x, &s0);
    if (p->s_hessian) {
        fz_primal(p, "fs_hessian primal", p->s_hessian(NULL, x, h), s0);
        fz_tape("fs_hessian tape empty");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                ht[i * n + j] = h[j * n + i];
        fz_same(p, "fs_hessian symmetric", h, ht, n * n);
    }
    if (fz_sparse.s_hessian && p->s_hessian) {
        double *hs = oracle_alloc(n * n);
        fz_primal(p, "fs_hessian sparse primal", fz_sparse.s_hessian(NULL, x, hs), s0);
        fz_tape("fs_hessian sparse tape empty");
        fz_same(p, "fs_hessian sparse == dense", hs, h, n * n);
        free(hs);
    }
    if (p->s_grad_jacfwd) {
        fz_primal(p, "fs_grad_jacfwd primal", p->s_grad_jacfwd(NULL, x, g, hj), s0);
        fz_tape("fs_grad_jacfwd tape empty");
        if (p->s_grad) {
            p->s_grad(NULL, x, g2);
            fz_same(p, "fs_grad_jacfwd gradient == fs_grad", g, g2, n);
        }
        if (p->s_hessian)
            fz_same(p, "fs_hessian == jacfwd(fs_grad)", h, hj, n * n);
    }
    if (p->s_hvp) {
        fz_primal(p, "fs_hvp primal", p->s_hvp(NULL, x, v, hv), s0);
        fz_tape("fs_hvp tape empty");
        if (p->s_hessian) {
            for (int i = 0; i < n; i++) {
                hv2[i] = 0;
                for (int j = 0; j < n; j++)
                    hv2[i] += h[i * n + j] * v[j];
            }
            fz_same(p, "fs_hvp == fs_hessian * v", hv, hv2, n);
        }
        if (p->s_grad) {
            /* Richardson's extrapolation of central differences (error
             * O(h^4)): in float, h = eps^(1/3) left an O(h^2) error of 1e-3
             * relative where the gradient curves fast (seed 121467: H v
             * -43.1438, differences -43.1966 at h, -43.1569 at h/2,
             * extrapolated -43.1436). Two extrapolations, from (h, h/2) and
             * (h/2, h/4), must agree first: the smoothness probe looks at
             * the function, and its gradient may have a kink within h of
             * x (seed 131156: -0.3971 from (h, h/2), -0.38797 at h/8 and
             * h/16, H v -0.38797); then this check says so and is skipped
             * (H v is still checked against the Hessian, and that against
             * jacfwd of the gradient). */
            fz_cur = p;
            double *fd4 = oracle_alloc(n);
            oracle_fd_jvp_eps(fz_grad_flat, NULL, n, n, x, v, fd, fz_eps(p));
            oracle_fd_jvp_eps(fz_grad_flat, NULL, n, n, x, v, fd2, fz_eps(p) / 8);
            oracle_fd_jvp_eps(fz_grad_flat, NULL, n, n, x, v, fd4, fz_eps(p) / 64);
            p->s_grad(NULL, x, g2);
            double gs = fmax(1.0, oracle_norm_inf(g2, n)) * oracle_norm_inf(v, n);
            double rtol = p->is_float ? ORACLE_RTOL_FLOAT_FD : ORACLE_RTOL_FD;
            double atol = (p->is_float ? rtol : ORACLE_ATOL_FD) * gs;
            int smooth = 1;
            for (int i = 0; i < n; i++) {
                double r1 = (4 * fd2[i] - fd[i]) / 3, r2 = (4 * fd4[i] - fd2[i]) / 3;
                smooth &= fabs(r1 - r2) <= rtol * fmax(fabs(r1), fabs(r2)) + atol;
                fd[i] = r2;
            }
            if (smooth)
                oracle_check_vec("fs_hvp vs differences of fs_grad", hv, fd, n, rtol, atol);
            else
                printf("fs_hvp vs differences of fs_grad: the gradient has a kink within a step of x, skipped\n");
            free(fd4);
        }
    }
    free(h);
    free(hj);
    free(ht);
    free(g);
    free(g2);
    free(hv);
    free(hv2);
    free(fd);
    free(fd2);
}

/* vmap: every element of a batch (x and random points) equals the unbatched
** function's result up to rounding: the values as the primals, the
** gradients as two exact derivatives. */
static inline void fz_check_vmap(const FzProg *p, const double *x0, OracleRng *rng)
{
    int B = fz_vmap.batch, n = p->n, m = p->m;
    if (B <= 0)
        return;
    double *xs = oracle_alloc(B * n), *o = oracle_alloc(B * (n + 1 + m)), *r = oracle_alloc(n + 1 + m);
    char l[96];
    memcpy(xs, x0, (size_t)n * sizeof *xs);
    oracle_fill_uniform(rng, xs + n, (B - 1) * n, -1.0, 1.0);
    for (int b = 1; b < B && fz_vmap.shared_last; b++)
        xs[b * n + n - 1] = x0[n - 1];
    double rt = fz_primal_rtol(p);
    if (fz_vmap.f && p->f) {
        fz_vmap.f(NULL, B, xs, o);
        for (int b = 0; b < B; b++) {
            p->f(NULL, xs + b * n, r);
            snprintf(l, sizeof l, "fv_vmap element %d == fv", b);
            oracle_check_vec(l, o + b * m, r, m, rt, rt * fmax(1.0, oracle_norm_inf(r, m)));
        }
    }
    if (fz_vmap.s && p->s) {
        fz_vmap.s(NULL, B, xs, o);
        for (int b = 0; b < B; b++) {
            p->s(NULL, xs + b * n, r);
            snprintf(l, sizeof l, "fs_vmap element %d == fs", b);
            fz_primal(p, l, o[b], r[0]);
        }
    }
    if (fz_vmap.s_grad && p->s_grad) {
        fz_vmap.s_grad(NULL, B, xs, o);
        fz_tape("fs_grad_vmap tape empty");
        for (int b = 0; b < B; b++) {
            double v = p->s_grad(NULL, xs + b * n, r);
            snprintf(l, sizeof l, "fs_grad_vmap element %d primal", b);
            fz_primal(p, l, o[b * (n + 1) + n], v);
            snprintf(l, sizeof l, "fs_grad_vmap element %d == fs_grad", b);
            fz_same(p, l, o + b * (n + 1), r, n);
        }
    }
    if (fz_vmap.f_jacfwd && p->f_jacfwd) {
        double *oj = oracle_alloc(B * (m + m * n)), *j = oracle_alloc(m * n);
        fz_vmap.f_jacfwd(NULL, B, xs, oj);
        for (int b = 0; b < B; b++) {
            p->f_jacfwd(NULL, xs + b * n, r, j);
            snprintf(l, sizeof l, "fv_jacfwd_vmap element %d primal", b);
            oracle_check_vec(l, oj + b * (m + m * n), r, m, rt, rt * fmax(1.0, oracle_norm_inf(r, m)));
            snprintf(l, sizeof l, "fv_jacfwd_vmap element %d == fv_jacfwd", b);
            fz_same(p, l, oj + b * (m + m * n) + m, j, m * n);
        }
        free(oj);
        free(j);
    }
    fz_vmap_fn hv[2] = {fz_vmap.s_hvp, fz_vmap.s_hvp2};
    const char *hname[2] = {"fs_hvp_vmap", "fs_grad_jvp_vmap"};
    for (int k = 0; k < 2; k++) {
        if (!hv[k] || !p->s_hvp)
            continue;
        double *in2 = oracle_alloc(B * 2 * n);
        for (int b = 0; b < B; b++) {
            memcpy(in2 + b * 2 * n, xs + b * n, (size_t)n * sizeof *in2);
            oracle_fill_normal(rng, in2 + b * 2 * n + n, n);
        }
        hv[k](NULL, B, in2, o);
        snprintf(l, sizeof l, "%s tape empty", hname[k]);
        fz_tape(l);
        for (int b = 0; b < B; b++) {
            double v = p->s_hvp(NULL, in2 + b * 2 * n, in2 + b * 2 * n + n, r);
            snprintf(l, sizeof l, "%s element %d primal", hname[k], b);
            fz_primal(p, l, o[b * (n + 1) + n], v);
            snprintf(l, sizeof l, "%s element %d == fs_hvp", hname[k], b);
            fz_same(p, l, o + b * (n + 1), r, n);
        }
        free(in2);
    }
    free(xs);
    free(o);
    free(r);
}

/* nested: jvp(grad(fs)) and grad(jvp(fs)) are fs_hvp, by other paths. */
static inline void fz_check_nested(const FzProg *p, const double *x, const double *v)
{
    fz_hvp_fn fn[2] = {fz_nested.s_hvp, fz_nested.s_hvp2};
    const char *name[2] = {"jvp(grad(fs))", "grad(jvp(fs))"};
    int n = p->n;
    double s0, *hv = oracle_alloc(n), *hv2 = oracle_alloc(n);
    char l[96];
    p->s(NULL, x, &s0);
    if (p->s_hvp)
        p->s_hvp(NULL, x, v, hv2);
    for (int k = 0; k < 2; k++) {
        if (!fn[k])
            continue;
        snprintf(l, sizeof l, "%s primal", name[k]);
        fz_primal(p, l, fn[k](NULL, x, v, hv), s0);
        snprintf(l, sizeof l, "%s tape empty", name[k]);
        fz_tape(l);
        snprintf(l, sizeof l, "%s == fs_hvp", name[k]);
        if (p->s_hvp)
            fz_same(p, l, hv, hv2, n);
    }
    free(hv);
    free(hv2);
}

/* Run every check at a smooth point drawn from seed; the exit status of
** main: 0 pass, 1 a check failed, 3 no smooth point found (not a verdict). */
static inline int fz_run(const FzProg *p, uint64_t seed)
{
    OracleRng rng = oracle_rng(seed);
    int n = p->n;
    feclearexcept(FE_ALL_EXCEPT);
    double *x = oracle_alloc(n), *dirs = oracle_alloc(FZ_NDIRS * n);
    oracle_fill_normal(&rng, dirs, FZ_NDIRS * n);
    int t = 0;
    for (; t < FZ_TRIES; t++) {
        oracle_fill_uniform(&rng, x, n, -1.0, 1.0);
        if (fz_smooth_at(p, x, dirs))
            break;
        printf("fuzz: point %d is within a step of a kink, drawing another\n", t);
    }
    if (t == FZ_TRIES) {
        printf("fuzz: no smooth point in %d tries: UNCHECKED\n", FZ_TRIES);
        return 3;
    }
    /* the exceptions the original raises along the way (probe included) */
    int orig_exc = fetestexcept(FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW);
    feclearexcept(FE_ALL_EXCEPT);
    /* An original that overflows escaped the generator's bounds (seed
    ** 967026, float: r1 += 0.2 + 0.1 * e * e with e reading r1, in a loop
    ** nest of 6 x n x c1, inf; a later fmaxf(x, 0.112f * r1) * x[1] makes
    ** the outputs finite again, the tangents inf * 0 = NaN): its derivatives
    ** are not the smooth ones differences see. Not a verdict. */
    if (orig_exc & FE_OVERFLOW) {
        printf("fuzz: the original overflows (FE_OVERFLOW): UNCHECKED\n");
        return 3;
    }
    OracleProblem pf = {"fv", n, p->m, p->f, p->f_jvp, p->f_vjp, ccad_tape_empty,
                        p->is_float ? FLT_EPSILON : 0, 0};
    OracleProblem ps = {"fs", n, 1, p->s, p->s_jvp, p->s_vjp, ccad_tape_empty,
                        p->is_float ? FLT_EPSILON : 0, 0};
    /* oracle_check_jvp draws its random directions from the stream it is
    ** given: a fresh stream from seed replays dirs, the ones the probe saw
    ** (vjp differences along unit vectors only). */
    OracleRng r1 = oracle_rng(seed), r2 = oracle_rng(seed + 1);
    if (p->f && p->f_jvp)
        oracle_check_jvp(&pf, NULL, x, &r1, FZ_NDIRS, n);
    if (p->f && p->f_vjp)
        oracle_check_vjp(&pf, NULL, x, &r2, 2, n);
    r1 = oracle_rng(seed);
    if (p->s && p->s_jvp)
        oracle_check_jvp(&ps, NULL, x, &r1, FZ_NDIRS, n);
    if (p->s && p->s_vjp)
        oracle_check_vjp(&ps, NULL, x, &r2, 2, n);
    if (p->s && p->s_grad)
        oracle_check_grad(&ps, NULL, x, p->s_grad, n);
    if (p->f)
        fz_check_jac(p, x, dirs);
    if (p->s)
        fz_check_hess(p, x, dirs + n);
    if (p->s)
        fz_check_nested(p, x, dirs + n);
    fz_check_vmap(p, x, &rng);
    for (int k = 0; k < 2; k++) {
        const OracleProblem *pa = &fz_alias[k];
        if (!pa->f || (!pa->jvp && !pa->vjp))
            continue;
        double *xa = oracle_alloc(pa->n);
        oracle_fill_uniform(&rng, xa, pa->n, -1.0, 1.0);
        OracleRng ra = oracle_rng(seed + 2 + k);
        if (pa->jvp)
            oracle_check_jvp(pa, NULL, xa, &ra, FZ_NDIRS, pa->n);
        if (pa->vjp)
            oracle_check_vjp(pa, NULL, xa, &ra, 2, pa->n);
        free(xa);
    }
    int exc = fetestexcept(FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW) & ~orig_exc;
    oracle_check_true("no floating-point exception the original does not raise", exc == 0,
                      "fetestexcept");
    if (exc)
        printf("fuzz: raised%s%s%s\n", exc & FE_INVALID ? " FE_INVALID" : "",
               exc & FE_DIVBYZERO ? " FE_DIVBYZERO" : "", exc & FE_OVERFLOW ? " FE_OVERFLOW" : "");
    free(x);
    free(dirs);
    return oracle_result();
}

#endif /* FUZZ_CHECK_H */
