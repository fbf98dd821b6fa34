/*
** ccad_oracle.h: header-only helpers for the end-to-end cases in tests/cases.
**
** A case computes derivatives with the functions cc-ad generated and compares
** them with an independent oracle: a closed-form derivative written by hand,
** central finite differences of the original function, or (for reverse mode)
** the dot-product identity <J v, w> = <v, J^T w>.  Every helper here is
** `static inline`, so a case that does not use one gets no unused-function
** warning under -Wall -Wextra -Werror.
**
** Tolerances, once for all cases (a case that deviates says why):
**
**   Closed form.  A hand-written derivative evaluated in double differs from
**   the generated one only by rounding in a few dozen operations, so
**   ORACLE_RTOL_EXACT = 1e-12 relative (with an absolute floor of about
**   1e-14 times the size of the terms involved, for values that cancel to 0).
**
**   Central differences.  With step h = cbrt(eps) * max(1, |x|) (eps = 2^-52,
**   so h ~ 6e-6 for |x| <= 1), the error of (f(x+h) - f(x-h)) / 2h is the
**   truncation term h^2/6 * f''' ~ 6e-12 * f''' plus rounding ~ eps*|f|/h
**   ~ 4e-11 * |f|.  For the smooth functions used here that is 1e-8 .. 1e-10
**   relative to the size of f and its derivatives, so ORACLE_RTOL_FD = 1e-6
**   leaves two orders of margin and still catches any wrong derivative rule
**   (those are off by O(1)).  Because the rounding term scales with |f| and
**   not with f', comparisons also take an absolute floor
**   ORACLE_ATOL_FD * (size of f), see oracle_fd_atol().
**
**   Float.  Same reasoning with eps = 2^-23 ~ 1.2e-7: h ~ 5e-3, rounding and
**   truncation both ~ 2e-5 relative, so float FD checks use rtol 1e-3 (and
**   a float derivative against a double closed form uses rtol 1e-5: a few
**   float ulps of the inputs and of each operation).
**
**   Dot-product test.  <J v, w> and <v, J^T w> are two sums of the same
**   products in a different order; both are exact to rounding, so they agree
**   to ~ n * eps relative.  ORACLE_RTOL_DOT = 1e-12 (the brief's figure).
*/
#ifndef CCAD_ORACLE_H
#define CCAD_ORACLE_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ORACLE_RTOL_EXACT 1e-12
#define ORACLE_RTOL_FD 1e-6
#define ORACLE_ATOL_FD 1e-8
#define ORACLE_RTOL_DOT 1e-12
#define ORACLE_RTOL_FLOAT_FD 1e-3
#define ORACLE_RTOL_FLOAT_EXACT 1e-5

/* The failure and check counters of the one case program that includes us. */
static int oracle_nfail;
static int oracle_ncheck;

/* ---------------------------------------------------------------- compare */

/* 1 when a and b agree to |a - b| <= atol + rtol * max(|a|, |b|); NaN and
** infinities never agree (a derivative that overflowed is a failure). */
static inline int oracle_close(double a, double b, double rtol, double atol)
{
    if (!isfinite(a) || !isfinite(b))
        return 0;
    return fabs(a - b) <= atol + rtol * fmax(fabs(a), fabs(b));
}

static inline void oracle_record(int ok)
{
    oracle_ncheck++;
    if (!ok)
        oracle_nfail++;
}

static inline int oracle_check_close(const char *label, double got, double want,
                                     double rtol, double atol)
{
    int ok = oracle_close(got, want, rtol, atol);
    printf("%s: got=%.17g want=%.17g %s\n", label, got, want, ok ? "ok" : "FAIL");
    oracle_record(ok);
    return ok;
}

/* Print `label: got=... want=... ok` (or FAIL) and count a failure. */
#define CHECK_CLOSE(label, got, want, rtol, atol) \
    oracle_check_close((label), (double)(got), (double)(want), (rtol), (atol))

static inline int oracle_check_true(const char *label, int cond, const char *text)
{
    printf("%s: %s %s\n", label, text, cond ? "ok" : "FAIL");
    oracle_record(cond);
    return cond;
}

/* A boolean fact, printed with its C text. */
#define CHECK_TRUE(label, cond) oracle_check_true((label), (cond) ? 1 : 0, #cond)

static inline int oracle_check_eq_long(const char *label, long got, long want)
{
    int ok = got == want;
    printf("%s: got=%ld want=%ld %s\n", label, got, want, ok ? "ok" : "FAIL");
    oracle_record(ok);
    return ok;
}

/* Exact integer equality (counters, status codes). */
#define CHECK_EQ_INT(label, got, want) \
    oracle_check_eq_long((label), (long)(got), (long)(want))

/* Bitwise-identical doubles (determinism: calling twice gives the same). */
static inline int oracle_check_identical(const char *label, const double *a,
                                         const double *b, int n)
{
    int ok = memcmp(a, b, (size_t)n * sizeof *a) == 0;
    /* CCAD_ORACLE_REASSOC=RTOL: sums that threads add in varying order
     * (OpenMP atomics) may differ by their reassociation, RTOL of the
     * largest value, not more */
    const char *re = getenv("CCAD_ORACLE_REASSOC");
    double rtol = re ? atof(re) : 0;
    if (!ok && rtol > 0) {
        double scale = 0;
        for (int i = 0; i < n; i++)
            scale = fmax(scale, fabs(a[i]));
        ok = 1;
        for (int i = 0; i < n; i++)
            ok &= fabs(a[i] - b[i]) <= rtol * scale;
        printf("%s: %d values equal up to reassociation %s\n", label, n, ok ? "ok" : "FAIL");
        oracle_record(ok);
        return ok;
    }
    printf("%s: %d values bitwise identical %s\n", label, n, ok ? "ok" : "FAIL");
    oracle_record(ok);
    return ok;
}

/* Compare two vectors element by element. Prints one summary line (the
** worst element) and one line per failing element, at most 8. */
static inline int oracle_check_vec(const char *label, const double *got,
                                   const double *want, int n, double rtol,
                                   double atol)
{
    int nbad = 0, worst = 0;
    double worst_err = -1.0;
    for (int i = 0; i < n; i++) {
        double tol = atol + rtol * fmax(fabs(got[i]), fabs(want[i]));
        double err = tol > 0.0 ? fabs(got[i] - want[i]) / tol
                               : (got[i] == want[i] ? 0.0 : INFINITY);
        if (!oracle_close(got[i], want[i], rtol, atol)) {
            if (nbad < 8)
                printf("%s[%d]: got=%.17g want=%.17g FAIL\n", label, i, got[i],
                       want[i]);
            nbad++;
            err = INFINITY;
        }
        if (err > worst_err) {
            worst_err = err;
            worst = i;
        }
    }
    if (n > 0)
        printf("%s: %d values, worst [%d] got=%.17g want=%.17g (%.3g of tolerance) %s\n",
               label, n, worst, got[worst], want[worst], worst_err,
               nbad ? "FAIL" : "ok");
    oracle_record(nbad == 0);
    return nbad == 0;
}

#define CHECK_VEC_CLOSE(label, got, want, n, rtol, atol) \
    oracle_check_vec((label), (got), (want), (n), (rtol), (atol))

/* The exit status of main: 0 when every check passed. */
static inline int oracle_result(void)
{
    printf("oracle: %d checks, %d failed: %s\n", oracle_ncheck, oracle_nfail,
           oracle_nfail ? "FAIL" : "PASS");
    return oracle_nfail ? 1 : 0;
}

/* ------------------------------------------------------------------- RNG */

/* splitmix64 (Steele, Lea, Flood 2014): a deterministic generator that gives
** the same numbers on every platform, so no case depends on rand(). */
typedef struct OracleRng {
    uint64_t state;
} OracleRng;

static inline OracleRng oracle_rng(uint64_t seed)
{
    OracleRng r;
    r.state = seed;
    return r;
}

static inline uint64_t oracle_next_u64(OracleRng *r)
{
    uint64_t z = (r->state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, 1), 53 random bits. */
static inline double oracle_unif01(OracleRng *r)
{
    return (double)(oracle_next_u64(r) >> 11) * 0x1.0p-53;
}

static inline double oracle_uniform(OracleRng *r, double lo, double hi)
{
    return lo + (hi - lo) * oracle_unif01(r);
}

/* Standard normal by Box-Muller (1 - u keeps log away from 0). */
static inline double oracle_normal(OracleRng *r)
{
    double u = 1.0 - oracle_unif01(r), v = oracle_unif01(r);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static inline void oracle_fill_uniform(OracleRng *r, double *a, int n,
                                       double lo, double hi)
{
    for (int i = 0; i < n; i++)
        a[i] = oracle_uniform(r, lo, hi);
}

static inline void oracle_fill_normal(OracleRng *r, double *a, int n)
{
    for (int i = 0; i < n; i++)
        a[i] = oracle_normal(r);
}

/* --------------------------------------------------------------- vectors */

static inline double oracle_dot(const double *a, const double *b, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static inline double oracle_norm_inf(const double *a, int n)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        m = fmax(m, fabs(a[i]));
    return m;
}

/* Sum of |a_i * b_i|: the size of the terms of a dot product, which bounds
** its rounding error (used as the scale of the dot-product test). */
static inline double oracle_dot_abs(const double *a, const double *b, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += fabs(a[i] * b[i]);
    return s;
}

/* Check <J v, w> = <v, J^T w>: lhs and rhs are the two dot products, scale
** the sum of the absolute values of the terms (oracle_dot_abs of either
** side, whichever is larger). */
static inline int oracle_check_dot(const char *label, double lhs, double rhs,
                                   double scale)
{
    return oracle_check_close(label, lhs, rhs, ORACLE_RTOL_DOT,
                              ORACLE_RTOL_DOT * scale);
}

/* ------------------------------------------------------ finite differences */

/* A function R^n -> R^m in flat form: the case writes a small wrapper that
** unpacks x into the original function's arguments and packs its outputs
** into y. ctx carries whatever else the wrapper needs. */
typedef void (*oracle_fn)(void *ctx, const double *x, double *y);

/* Central step for a scalar at x, for a type with machine epsilon eps. */
static inline double oracle_fd_step(double x, double eps)
{
    return cbrt(eps) * fmax(1.0, fabs(x));
}

/* Directional derivative dy = J(x) v by central differences,
**     dy = (F(x + h v) - F(x - h v)) / (2h),
** with h = cbrt(eps) * max(1, |x_i| over the i with v_i != 0) / |v|_inf,
** so the largest perturbation is the scalar step of the largest moved
** component. eps is DBL_EPSILON for
** double functions and FLT_EPSILON for float ones (whose wrapper rounds the
** inputs to float: the step is then large enough to survive that). */
static inline void oracle_fd_jvp_eps(oracle_fn f, void *ctx, int n, int m,
                                     const double *x, const double *v,
                                     double *dy, double eps)
{
    double *xp = malloc((size_t)n * sizeof *xp);
    double *xm = malloc((size_t)n * sizeof *xm);
    double *yp = malloc((size_t)m * sizeof *yp);
    double *ym = malloc((size_t)m * sizeof *ym);
    if (!xp || !xm || !yp || !ym) {
        fprintf(stderr, "oracle: out of memory\n");
        exit(2);
    }
    double vmax = oracle_norm_inf(v, n), xmax = 1.0;
    for (int i = 0; i < n; i++)
        if (v[i] != 0.0)
            xmax = fmax(xmax, fabs(x[i]));
    double h = cbrt(eps) * xmax / (vmax > 0.0 ? vmax : 1.0);
    for (int i = 0; i < n; i++) {
        xp[i] = x[i] + h * v[i];
        xm[i] = x[i] - h * v[i];
    }
    f(ctx, xp, yp);
    f(ctx, xm, ym);
    for (int i = 0; i < m; i++)
        dy[i] = (yp[i] - ym[i]) / (2.0 * h);
    free(xp);
    free(xm);
    free(yp);
    free(ym);
}

static inline void oracle_fd_jvp(oracle_fn f, void *ctx, int n, int m,
                                 const double *x, const double *v, double *dy)
{
    oracle_fd_jvp_eps(f, ctx, n, m, x, v, dy, DBL_EPSILON);
}

/* Gradient of a scalar function (m = 1) by n central differences, one per
** coordinate, each with the scalar step of that coordinate. */
static inline void oracle_fd_grad(oracle_fn f, void *ctx, int n,
                                  const double *x, double *g)
{
    double *xp = malloc((size_t)n * sizeof *xp);
    if (!xp) {
        fprintf(stderr, "oracle: out of memory\n");
        exit(2);
    }
    memcpy(xp, x, (size_t)n * sizeof *xp);
    for (int j = 0; j < n; j++) {
        double h = oracle_fd_step(x[j], DBL_EPSILON), yp, ym;
        xp[j] = x[j] + h;
        f(ctx, xp, &yp);
        xp[j] = x[j] - h;
        f(ctx, xp, &ym);
        xp[j] = x[j];
        g[j] = (yp - ym) / (2.0 * h);
    }
    free(xp);
}

/* The absolute floor of an FD comparison: the rounding error of the
** difference quotient is about eps * |f| / h ~ 4e-11 * |f|, so
** ORACLE_ATOL_FD * max(1, |f|) (250x that) is safe for values that are
** near 0 while f itself is not. fscale is a typical |f| (or |y|_inf). */
static inline double oracle_fd_atol(double fscale)
{
    return ORACLE_ATOL_FD * fmax(1.0, fabs(fscale));
}

/* ------------------------------------------------- whole-problem drivers */

/* A differentiated function in flat form, for the generic checks below.
** The case writes small wrappers that unpack the flat vectors into the
** function's arguments (scalars, arrays, struct fields) and pack results.
**   f    (ctx, x, y)                 the original function: y = F(x)
**   jvp  (ctx, x, v, y, ydot)        the generated f_jvp: y = F(x), ydot = J v
**   vjp  (ctx, x, xbar, w, y)        the generated f_vjp: y = F(x),
**                                    xbar += J^T w; on return w holds what
**                                    the output adjoints (r_bar) hold after
**                                    the call, which must be 0 (return-value
**                                    seeds, passed by value, are set to 0 by
**                                    the wrapper).
**   tape_empty                       ccad_tape_empty from ccad.h, or NULL.
** Inputs and outputs are the wrt and out lists, flattened in order. */
typedef void (*oracle_jvp_fn)(void *ctx, const double *x, const double *v,
                              double *y, double *ydot);
typedef void (*oracle_vjp_fn)(void *ctx, const double *x, double *xbar,
                              double *w, double *y);

typedef struct OracleProblem {
    const char *name;
    int n, m;               /* flat input and output sizes */
    oracle_fn f;
    oracle_jvp_fn jvp;      /* NULL: no forward checks */
    oracle_vjp_fn vjp;      /* NULL: no reverse checks */
    int (*tape_empty)(void);
    double fd_eps;          /* 0: DBL_EPSILON; FLT_EPSILON for float code,
                               which loosens every tolerance (see top) */
    double fd_rtol;         /* 0: ORACLE_RTOL_FD, or ORACLE_RTOL_FLOAT_FD */
} OracleProblem;

/* Tolerances of a problem: double, or float (fd_eps = FLT_EPSILON). In float
** the primal and the two sides of the dot-product test are each rounded to
** float at every step, so they agree only to ~ 1e-6 relative, not 1e-13.
** And a float math call on constants (tanhf(-0.3f) in an inlined helper) is
** folded by the compiler in FILE.c, correctly rounded, but called at run
** time in FILE.ad.c, where libm may be an ulp off: an output that cancels
** afterwards keeps that ulp of its terms' scale, not of its own (fuzz seed
** 240281: y = 0.0046 off by 6e-8, terms ~ 1). So in float the primal's
** absolute floor is prim_rtol times max(1, |y|) (prim_floor 1). */
typedef struct OracleTols {
    double eps, fd_rtol, prim_rtol, dot_rtol, prim_floor;
} OracleTols;

static inline OracleTols oracle_tols(const OracleProblem *p)
{
    OracleTols t;
    int is_float = p->fd_eps > 2.0 * DBL_EPSILON;
    t.eps = is_float ? p->fd_eps : DBL_EPSILON;
    t.fd_rtol = p->fd_rtol > 0 ? p->fd_rtol
                               : (is_float ? ORACLE_RTOL_FLOAT_FD : ORACLE_RTOL_FD);
    t.prim_rtol = is_float ? 1e-6 : 1e-13;
    t.prim_floor = is_float ? 1.0 : 0.0;
    t.dot_rtol = is_float ? 1e-5 : ORACLE_RTOL_DOT;
    return t;
}

static inline double *oracle_alloc(int n)
{
    double *p = calloc((size_t)(n > 0 ? n : 1), sizeof *p);
    if (!p) {
        fprintf(stderr, "oracle: out of memory\n");
        exit(2);
    }
    return p;
}

/* Forward mode: for `ndirs` random directions (and every unit direction
** when n <= nunit), f_jvp's primal equals f and its tangent equals the
** central difference. Returns 1 when all checks passed. */
static inline int oracle_check_jvp(const OracleProblem *p, void *ctx,
                                   const double *x, OracleRng *rng, int ndirs,
                                   int nunit)
{
    int n = p->n, m = p->m, before = oracle_nfail;
    OracleTols t = oracle_tols(p);
    double *v = oracle_alloc(n), *y0 = oracle_alloc(m), *y = oracle_alloc(m);
    double *ydot = oracle_alloc(m), *fd = oracle_alloc(m);
    char label[160];
    p->f(ctx, x, y0);
    double fscale = oracle_norm_inf(y0, m);
    int total = ndirs + (n <= nunit ? n : 0);
    for (int d = 0; d < total; d++) {
        if (d < ndirs) {
            oracle_fill_normal(rng, v, n);
        } else {
            memset(v, 0, (size_t)n * sizeof *v);
            v[d - ndirs] = 1.0;
        }
        for (int i = 0; i < m; i++)
            ydot[i] = NAN;
        p->jvp(ctx, x, v, y, ydot);
        oracle_fd_jvp_eps(p->f, ctx, n, m, x, v, fd, t.eps);
        snprintf(label, sizeof label, "%s jvp %s %d primal", p->name,
                 d < ndirs ? "random dir" : "unit dir", d < ndirs ? d : d - ndirs);
        oracle_check_vec(label, y, y0, m, t.prim_rtol, t.prim_rtol * fmax(t.prim_floor, fscale));
        snprintf(label, sizeof label, "%s jvp %s %d tangent vs FD", p->name,
                 d < ndirs ? "random dir" : "unit dir", d < ndirs ? d : d - ndirs);
        /* rounding in the difference quotient scales with |F|, not J v */
        oracle_check_vec(label, ydot, fd, m, t.fd_rtol,
                         (t.eps == DBL_EPSILON ? ORACLE_ATOL_FD : t.fd_rtol) *
                             fmax(1.0, fscale) * oracle_norm_inf(v, n));
        if (p->tape_empty) {
            snprintf(label, sizeof label, "%s jvp tape empty", p->name);
            oracle_check_true(label, p->tape_empty(), "ccad_tape_empty()");
        }
    }
    free(v);
    free(y0);
    free(y);
    free(ydot);
    free(fd);
    return oracle_nfail == before;
}

/* Reverse mode, for `nseeds` random seeds w:
**   - the primal of f_vjp equals f; the output adjoints are 0 on return;
**   - dot-product test <J v, w> = <v, J^T w> with f_jvp (when p->jvp);
**   - J^T w against central differences of the scalar x -> <w, F(x)>,
**     coordinate by coordinate (when n <= nfd);
**   - adjoints are ADDED: a second call on the same xbar doubles it;
**   - calling again from xbar = 0 gives bitwise the same result;
**   - the tape is empty after every call. */
static inline int oracle_check_vjp(const OracleProblem *p, void *ctx,
                                   const double *x, OracleRng *rng, int nseeds,
                                   int nfd)
{
    int n = p->n, m = p->m, before = oracle_nfail;
    double *w = oracle_alloc(m), *wc = oracle_alloc(m), *y0 = oracle_alloc(m);
    double *y = oracle_alloc(m), *xbar = oracle_alloc(n), *xbar2 = oracle_alloc(n);
    double *v = oracle_alloc(n), *ydot = oracle_alloc(m), *zero = oracle_alloc(m);
    double *xp = oracle_alloc(n), *yp = oracle_alloc(m), *fdg = oracle_alloc(n);
    char label[160];
    OracleTols t = oracle_tols(p);
    p->f(ctx, x, y0);
    double fscale = oracle_norm_inf(y0, m);
    for (int s = 0; s < nseeds; s++) {
        oracle_fill_normal(rng, w, m);
        /* first call, from xbar = 0 */
        memset(xbar, 0, (size_t)n * sizeof *xbar);
        memcpy(wc, w, (size_t)m * sizeof *wc);
        p->vjp(ctx, x, xbar, wc, y);
        snprintf(label, sizeof label, "%s vjp seed %d primal", p->name, s);
        oracle_check_vec(label, y, y0, m, t.prim_rtol, t.prim_rtol * fmax(t.prim_floor, fscale));
        snprintf(label, sizeof label, "%s vjp seed %d output adjoints zero on exit", p->name, s);
        oracle_check_vec(label, wc, zero, m, 0.0, 0.0);
        if (p->tape_empty) {
            snprintf(label, sizeof label, "%s vjp tape empty", p->name);
            oracle_check_true(label, p->tape_empty(), "ccad_tape_empty()");
        }
        /* dot-product test against the tangent */
        if (p->jvp) {
            oracle_fill_normal(rng, v, n);
            p->jvp(ctx, x, v, y, ydot);
            double lhs = oracle_dot(ydot, w, m), rhs = oracle_dot(v, xbar, n);
            double scale = fmax(oracle_dot_abs(ydot, w, m), oracle_dot_abs(v, xbar, n));
            snprintf(label, sizeof label, "%s dot test <J v, w> = <v, J^T w> seed %d", p->name, s);
            oracle_check_close(label, lhs, rhs, t.dot_rtol, t.dot_rtol * scale);
        }
        /* J^T w by differences of <w, F(x)> */
        if (n <= nfd) {
            memcpy(xp, x, (size_t)n * sizeof *xp);
            for (int j = 0; j < n; j++) {
                double h = oracle_fd_step(x[j], t.eps), sp, sm;
                xp[j] = x[j] + h;
                p->f(ctx, xp, yp);
                sp = oracle_dot(w, yp, m);
                xp[j] = x[j] - h;
                p->f(ctx, xp, yp);
                sm = oracle_dot(w, yp, m);
                xp[j] = x[j];
                fdg[j] = (sp - sm) / (2.0 * h);
            }
            snprintf(label, sizeof label, "%s vjp seed %d J^T w vs FD", p->name, s);
            oracle_check_vec(label, xbar, fdg, n, t.fd_rtol,
                             (t.eps == DBL_EPSILON ? ORACLE_ATOL_FD : t.fd_rtol) *
                                 fmax(1.0, fscale) * oracle_norm_inf(w, m) * m);
        }
        /* accumulation: a second call adds the same adjoint again. Its
        ** contributions added to a nonzero start round differently from
        ** their sum from zero: where they cancel (float: 1.6e-6 relative
        ** seen) more than prim_rtol; dot_rtol still tells a doubled adjoint
        ** from an overwritten or zeroed one */
        memcpy(xbar2, xbar, (size_t)n * sizeof *xbar2);
        memcpy(wc, w, (size_t)m * sizeof *wc);
        p->vjp(ctx, x, xbar2, wc, y);
        for (int j = 0; j < n; j++)
            xp[j] = 2.0 * xbar[j];
        snprintf(label, sizeof label, "%s vjp seed %d adjoints accumulate (2nd call doubles)", p->name, s);
        oracle_check_vec(label, xbar2, xp, n, t.dot_rtol,
                         t.dot_rtol * oracle_norm_inf(xbar, n));
        /* determinism */
        memset(xbar2, 0, (size_t)n * sizeof *xbar2);
        memcpy(wc, w, (size_t)m * sizeof *wc);
        p->vjp(ctx, x, xbar2, wc, y);
        snprintf(label, sizeof label, "%s vjp seed %d repeatable", p->name, s);
        oracle_check_identical(label, xbar2, xbar, n);
        if (p->tape_empty) {
            snprintf(label, sizeof label, "%s vjp tape empty after 3 calls", p->name);
            oracle_check_true(label, p->tape_empty(), "ccad_tape_empty()");
        }
    }
    free(w);
    free(wc);
    free(y0);
    free(y);
    free(xbar);
    free(xbar2);
    free(v);
    free(ydot);
    free(zero);
    free(xp);
    free(yp);
    free(fdg);
    return oracle_nfail == before;
}

/* grad in flat form: returns the primal value, OVERWRITES g (n values). */
typedef double (*oracle_grad_fn)(void *ctx, const double *x, double *g);

/* Gradient of a scalar function (p->m == 1):
**   - the returned value is f's;
**   - g is overwritten: garbage in g before the call does not matter, and
**     two calls give bitwise the same gradient;
**   - g equals central differences coordinate by coordinate (n <= nfd);
**   - g equals f_vjp with seed 1 from zero adjoints (when p->vjp);
**   - the tape is empty after each call. */
static inline int oracle_check_grad(const OracleProblem *p, void *ctx,
                                    const double *x, oracle_grad_fn grad,
                                    int nfd)
{
    int n = p->n, before = oracle_nfail;
    OracleTols t = oracle_tols(p);
    double *g = oracle_alloc(n), *g2 = oracle_alloc(n), *fd = oracle_alloc(n);
    double y0, y, w;
    char label[160];
    p->f(ctx, x, &y0);
    for (int j = 0; j < n; j++)
        g[j] = 123.0 + j;
    y = grad(ctx, x, g);
    snprintf(label, sizeof label, "%s grad primal", p->name);
    oracle_check_close(label, y, y0, t.prim_rtol, t.prim_rtol * fmax(t.prim_floor, fabs(y0)));
    if (p->tape_empty) {
        snprintf(label, sizeof label, "%s grad tape empty", p->name);
        oracle_check_true(label, p->tape_empty(), "ccad_tape_empty()");
    }
    for (int j = 0; j < n; j++)
        g2[j] = -1e300;
    grad(ctx, x, g2);
    snprintf(label, sizeof label, "%s grad overwrites (garbage in, same gradient out)", p->name);
    oracle_check_identical(label, g2, g, n);
    if (n <= nfd) {
        if (t.eps == DBL_EPSILON) {
            oracle_fd_grad(p->f, ctx, n, x, fd);
        } else {
            double *e = oracle_alloc(n);
            for (int j = 0; j < n; j++) {
                memset(e, 0, (size_t)n * sizeof *e);
                e[j] = 1.0;
                oracle_fd_jvp_eps(p->f, ctx, n, 1, x, e, &fd[j], t.eps);
            }
            free(e);
        }
        snprintf(label, sizeof label, "%s grad vs FD", p->name);
        oracle_check_vec(label, g, fd, n, t.fd_rtol,
                         (t.eps == DBL_EPSILON ? ORACLE_ATOL_FD : t.fd_rtol) * fmax(1.0, fabs(y0)));
    }
    if (p->vjp) {
        memset(g2, 0, (size_t)n * sizeof *g2);
        w = 1.0;
        p->vjp(ctx, x, g2, &w, &y);
        snprintf(label, sizeof label, "%s grad = vjp with seed 1", p->name);
        oracle_check_vec(label, g, g2, n, t.prim_rtol, t.prim_rtol * oracle_norm_inf(g2, n));
    }
    free(g);
    free(g2);
    free(fd);
    return oracle_nfail == before;
}

/* The common case shape `double F(const double *x, int n)` with requests
** grad(F), vjp(F) and jvp(F) wrt(x[n]): ORACLE_XN_CASE(F, N, SEED) defines
** the flat wrappers and a main() that draws x uniform in [-1, 1) (seed
** SEED) and runs oracle_check_jvp, oracle_check_vjp (3 random directions
** and seeds each, N by differences) and oracle_check_grad. Needs ccad.h
** (ccad_tape_empty) and the generated header included first. A file with
** several such functions uses ORACLE_XN_WRAPPERS(F, N) for each and calls
** ORACLE_XN_CHECKS(F, N, rng) from its own main. */
#define ORACLE_XN_WRAPPERS(F, N)                                                          \
    static void F##_flat(void *ctx, const double *x, double *y)                          \
    {                                                                                    \
        (void)ctx;                                                                       \
        y[0] = F(x, N);                                                                  \
    }                                                                                    \
    static void F##_jvp_flat(void *ctx, const double *x, const double *v, double *y,     \
                             double *ydot)                                               \
    {                                                                                    \
        (void)ctx;                                                                       \
        y[0] = F##_jvp(x, v, N, ydot);                                                   \
    }                                                                                    \
    static void F##_vjp_flat(void *ctx, const double *x, double *xbar, double *w,        \
                             double *y)                                                  \
    {                                                                                    \
        (void)ctx;                                                                       \
        y[0] = F##_vjp(x, xbar, N, w[0]);                                                \
        w[0] = 0.0;                                                                      \
    }                                                                                    \
    static double F##_grad_flat(void *ctx, const double *x, double *g)                   \
    {                                                                                    \
        (void)ctx;                                                                       \
        return F##_grad(x, g, N);                                                        \
    }

#define ORACLE_XN_CHECKS(F, N, RNG)                                                       \
    do {                                                                                 \
        double x_[N];                                                                    \
        oracle_fill_uniform(&(RNG), x_, N, -1.0, 1.0);                                   \
        OracleProblem p_ = {#F, N, 1, F##_flat, F##_jvp_flat, F##_vjp_flat,             \
                            ccad_tape_empty, 0, 0};                                      \
        oracle_check_jvp(&p_, NULL, x_, &(RNG), 3, N);                                   \
        oracle_check_vjp(&p_, NULL, x_, &(RNG), 3, N);                                   \
        oracle_check_grad(&p_, NULL, x_, F##_grad_flat, N);                              \
    } while (0)

#define ORACLE_XN_CASE(F, N, SEED)                                                        \
    ORACLE_XN_WRAPPERS(F, N)                                                             \
    int main(void)                                                                       \
    {                                                                                    \
        OracleRng rng = oracle_rng(SEED);                                                \
        ORACLE_XN_CHECKS(F, N, rng);                                                     \
        return oracle_result();                                                          \
    }

#endif /* CCAD_ORACLE_H */
