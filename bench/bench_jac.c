/*
** bench/bench_jac.c: cost of cc-ad's generated Jacobians and Hessian (see
** README.md). Not a test: it prints two tables and exits 0, unless a
** derivative fails the startup check (central finite differences, jacfwd
** against jacrev, hvp against the Hessian), in which case it prints why and
** exits with status 1 before timing.
**
** usage: bench_jac [BATCH_SECONDS [ROUNDS]]
**   Each function (primal, jacfwd, jacrev, grad, hvp, hessian) is timed in
**   ROUNDS batches (default 5) of at least BATCH_SECONDS each (default
**   0.2 s). A round times one batch of every function of every case in turn,
**   so a slow phase of the machine hits all of them alike; the time reported
**   is the best batch's time per call.
*/
#define _POSIX_C_SOURCE 199309L /* clock_gettime, CLOCK_THREAD_CPUTIME_ID under -std=c11 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ccad.h"
#include "bench_timer.h"
#include "jac_models.h"
#include "jac_models.ad.h"

#ifndef BENCH_CFLAGS
#define BENCH_CFLAGS "?"
#endif

/* {======================================================================
** Deterministic random data (splitmix64, Box-Muller), as bench_grad.c
** ======================================================================= */

static uint64_t rng_state = 0x13198A2E03707344ull;

static double urand(void) /* uniform in [0, 1) */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

static double nrand(void) /* standard normal */
{
    double u = urand(), v = urand();
    return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

static double *alloc(size_t n)
{
    double *p = calloc(n ? n : 1, sizeof *p);
    if (!p) {
        fprintf(stderr, "bench_jac: out of memory\n");
        exit(1);
    }
    return p;
}

/* }====================================================================== */

/* {======================================================================
** The cases
** ======================================================================= */

/* layer: R^n -> R^m at one point, with its fixed data */
typedef struct Layer {
    char name[32];
    int n, m;
    double *x, *W, *b; /* x[n], W[m*n], b[m] */
    double *y;         /* output buffer of the timed calls */
    double *jac;       /* m*n, written by the timed calls */
} Layer;

static void layer_init(Layer *L, int n, int m)
{
    snprintf(L->name, sizeof L->name, "%d -> %d", n, m);
    L->n = n;
    L->m = m;
    L->x = alloc((size_t)n);
    L->W = alloc((size_t)m * n);
    L->b = alloc((size_t)m);
    L->y = alloc((size_t)m);
    L->jac = alloc((size_t)m * n);
    /* W ~ N(0, 1/n) so u = W x + b is O(1) and tanh does not saturate */
    for (int j = 0; j < n; j++)
        L->x[j] = nrand();
    for (long k = 0; k < (long)m * n; k++)
        L->W[k] = nrand() / sqrt((double)n);
    for (int i = 0; i < m; i++)
        L->b[i] = 0.1 * nrand();
}

/* pair_energy at one point */
typedef struct Energy {
    int n;
    double *x, *K, *v; /* x[n], K[n*n], v[n]: the hvp direction */
    double *g, *hv, *hess;
} Energy;

static void energy_init(Energy *E, int n)
{
    E->n = n;
    E->x = alloc((size_t)n);
    E->K = alloc((size_t)n * n);
    E->v = alloc((size_t)n);
    E->g = alloc((size_t)n);
    E->hv = alloc((size_t)n);
    E->hess = alloc((size_t)n * n);
    for (int i = 0; i < n; i++) {
        E->x[i] = nrand();
        E->v[i] = nrand();
    }
    for (long k = 0; k < (long)n * n; k++)
        E->K[k] = urand();
}

/* compute_reproj_error: one BA observation, R^15 -> R^2 */
typedef struct Reproj {
    double cam[11], X[3], w, feat[2];
    double err[2], jac[2 * 15];
} Reproj;

static void reproj_init(Reproj *B)
{
    /* a camera 5 units behind the point's frame, rotation of ~0.25 rad,
    ** focal length 400, small distortion; the feature near the projection */
    static const double cam[11] = {0.1, -0.2, 0.15, 0.3, -0.1, -5.0, 400.0, 0.5, -0.3, 1e-3, -2e-4};
    for (int i = 0; i < 11; i++)
        B->cam[i] = cam[i] * (1.0 + 0.01 * nrand());
    for (int i = 0; i < 3; i++)
        B->X[i] = 0.3 * nrand();
    B->w = 0.9;
    double proj[2];
    compute_reproj_error(B->cam, B->X, &B->w, (const double[2]){0.0, 0.0}, proj);
    B->feat[0] = proj[0] / B->w + nrand();
    B->feat[1] = proj[1] / B->w + nrand();
}

/* }====================================================================== */

/* {======================================================================
** Startup check
** ======================================================================= */

/*
** Tolerances (as bench_grad.c).
**
** Two exact derivatives (jacfwd vs jacrev, hvp vs Hessian times v, H vs
** H^T) differ by rounding only: sums of at most n terms (here <= 1000),
** each bounded by the largest entry; we allow 1e-9 times the largest entry.
**
** Central differences with step h = 1e-5 max(1, |x_j|): truncation error
** h^2 |f'''| / 6 ~ 1e-11, rounding error eps |f| / h ~ 1e-11 |f| (|f| is
** O(1) for layer, O(n^2) = 1e3 to 1e4 for pair_energy and its gradient).
** We allow 1e-6 max(|J|_max, 1) + 1e-5 |J_ij|, far above the measured
** error (printed as "fd err", relative to max(|J|_max, 1)) and far below
** the error of a wrong or missing derivative term.
*/
#define TOL_EXACT 1e-9
#define TOL_FD_ABS 1e-6
#define TOL_FD_REL 1e-5
#define FD_H 1e-5

static void fail(const char *name, const char *what, long i, long j, double got, double want,
                 double tol)
{
    printf("\n");
    fflush(stdout);
    fprintf(stderr, "bench_jac: %s: %s", name, what);
    if (i >= 0)
        fprintf(stderr, " [row %ld, column %ld]", i, j);
    fprintf(stderr, ": got %.17g, want %.17g (|diff| %.3g > tolerance %.3g)\n", got, want,
            fabs(got - want), tol);
    fprintf(stderr, "bench_jac: aborting: a wrong derivative makes its timing meaningless\n");
    exit(1);
}

static void check_tape(const char *name, const char *which)
{
    if (!ccad_tape_empty()) {
        fprintf(stderr, "bench_jac: %s: tape not empty after %s\n", name, which);
        exit(1);
    }
}

static double max_abs(const double *v, long n)
{
    double m = 0.0;
    for (long i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}

static double fd_step(double xj)
{
    return FD_H * fmax(1.0, fabs(xj));
}

/* Columns spread over 0..n-1: count of them, always including 0 and n-1. */
static int pick(int k, int count, int n)
{
    return count <= 1 ? 0 : (int)((long long)k * (n - 1) / (count - 1));
}

#define FD_COLS 6 /* columns of each Jacobian checked by central differences */
#define FD_ROWS 6 /* rows likewise (needs every column's difference) */

/*
** layer: jacfwd's and jacrev's output values against the primal's; jacfwd
** against jacrev on every entry; both against central differences on
** FD_COLS whole columns and FD_ROWS whole rows.
*/
static void check_layer(Layer *L)
{
    int n = L->n, m = L->m;
    long mn = (long)m * n;
    double *y0 = alloc((size_t)m), *y = alloc((size_t)m);
    double *jf = alloc((size_t)mn), *jr = alloc((size_t)mn);
    double *yp = alloc((size_t)m), *ym = alloc((size_t)m);
    double *x = alloc((size_t)n);
    layer(L->x, n, L->W, L->b, m, y0);

    layer_jacfwd(L->x, n, L->W, L->b, m, y, jf);
    check_tape(L->name, "jacfwd");
    for (int i = 0; i < m; i++)
        if (!(fabs(y[i] - y0[i]) <= 1e-12 * fabs(y0[i])))
            fail(L->name, "jacfwd's output value vs the primal's", i, -1, y[i], y0[i],
                 1e-12 * fabs(y0[i]));
    layer_jacrev(L->x, n, L->W, L->b, m, y, jr);
    check_tape(L->name, "jacrev");
    for (int i = 0; i < m; i++)
        if (!(fabs(y[i] - y0[i]) <= 1e-12 * fabs(y0[i])))
            fail(L->name, "jacrev's output value vs the primal's", i, -1, y[i], y0[i],
                 1e-12 * fabs(y0[i]));

    double jmax = max_abs(jf, mn), dmax = 0.0, tol = TOL_EXACT * jmax;
    for (long k = 0; k < mn; k++) {
        if (!(fabs(jf[k] - jr[k]) <= tol))
            fail(L->name, "jacfwd vs jacrev", k / n, k % n, jf[k], jr[k], tol);
        dmax = fmax(dmax, fabs(jf[k] - jr[k]));
    }

    /* central differences: column j of the Jacobian is (y(x + h e_j) -
    ** y(x - h e_j)) / 2h; a row needs every column, so for FD_ROWS rows all
    ** n columns are differenced (2n primal calls) */
    memcpy(x, L->x, (size_t)n * sizeof *x);
    double worst = 0.0, scale = fmax(jmax, 1.0);
    long checked = 0;
    for (int j = 0; j < n; j++) {
        double xj = x[j], h = fd_step(xj);
        x[j] = xj + h;
        layer(x, n, L->W, L->b, m, yp);
        x[j] = xj - h;
        layer(x, n, L->W, L->b, m, ym);
        x[j] = xj;
        int whole_col = 0;
        for (int k = 0; k < FD_COLS; k++)
            whole_col |= pick(k, FD_COLS, n) == j;
        for (int i = 0; i < m; i++) {
            int row = 0;
            for (int k = 0; k < FD_ROWS; k++)
                row |= pick(k, FD_ROWS, m) == i;
            if (!whole_col && !row)
                continue;
            double fd = (yp[i] - ym[i]) / (2.0 * h);
            for (int which = 0; which < 2; which++) {
                double jij = (which ? jr : jf)[(long)i * n + j];
                double t = TOL_FD_ABS * scale + TOL_FD_REL * fabs(jij);
                if (!(fabs(jij - fd) <= t))
                    fail(L->name, which ? "jacrev vs central differences"
                                        : "jacfwd vs central differences",
                         i, j, jij, fd, t);
                worst = fmax(worst, fabs(jij - fd) / scale);
            }
            checked++;
        }
    }
    printf("check layer %-12s jacfwd = jacrev on all %ld entries (max diff / max|J| %.1e); "
           "%ld entries (%d columns, %d rows) by central differences: fd err %.1e  ok\n",
           L->name, mn, dmax / jmax, checked, FD_COLS < n ? FD_COLS : n,
           FD_ROWS < m ? FD_ROWS : m, worst);
    free(y0);
    free(y);
    free(jf);
    free(jr);
    free(yp);
    free(ym);
    free(x);
}

/*
** pair_energy: the values returned by grad, hvp and hessian against the
** primal's; the gradient against central differences of E on every
** component; the Hessian symmetric, against central differences of the
** (checked) gradient on every column, and hvp against H v.
*/
static void check_energy(Energy *E)
{
    const char *name = "pair_energy";
    int n = E->n;
    long nn = (long)n * n;
    double *g = alloc((size_t)n), *gp = alloc((size_t)n), *gm = alloc((size_t)n);
    double *H = alloc((size_t)nn), *hv = alloc((size_t)n), *x = alloc((size_t)n);
    double f0 = pair_energy(E->x, n, E->K), v, tolv = 1e-12 * fabs(f0);

    v = pair_energy_grad(E->x, g, n, E->K);
    check_tape(name, "grad");
    if (!(fabs(v - f0) <= tolv))
        fail(name, "grad's value vs the primal's", -1, -1, v, f0, tolv);
    v = pair_energy_hessian(E->x, n, E->K, H);
    check_tape(name, "hessian");
    if (!(fabs(v - f0) <= tolv))
        fail(name, "hessian's value vs the primal's", -1, -1, v, f0, tolv);
    v = pair_energy_hvp(E->x, E->v, hv, n, E->K);
    check_tape(name, "hvp");
    if (!(fabs(v - f0) <= tolv))
        fail(name, "hvp's value vs the primal's", -1, -1, v, f0, tolv);

    /* gradient vs central differences of E, every component */
    memcpy(x, E->x, (size_t)n * sizeof *x);
    double gscale = fmax(max_abs(g, n), 1.0), gworst = 0.0;
    for (int j = 0; j < n; j++) {
        double xj = x[j], h = fd_step(xj);
        x[j] = xj + h;
        double fp = pair_energy(x, n, E->K);
        x[j] = xj - h;
        double fm = pair_energy(x, n, E->K);
        x[j] = xj;
        double fd = (fp - fm) / (2.0 * h), t = TOL_FD_ABS * gscale + TOL_FD_REL * fabs(g[j]);
        if (!(fabs(g[j] - fd) <= t))
            fail(name, "grad vs central differences", 0, j, g[j], fd, t);
        gworst = fmax(gworst, fabs(g[j] - fd) / gscale);
    }

    /* Hessian: symmetric, and column j = (g(x + h e_j) - g(x - h e_j)) / 2h */
    double hmax = max_abs(H, nn), hscale = fmax(hmax, 1.0), hworst = 0.0, asym = 0.0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++) {
            double a = H[(long)i * n + j], b = H[(long)j * n + i];
            if (!(fabs(a - b) <= TOL_EXACT * hmax))
                fail(name, "hessian not symmetric", i, j, a, b, TOL_EXACT * hmax);
            asym = fmax(asym, fabs(a - b));
        }
    for (int j = 0; j < n; j++) {
        double xj = x[j], h = fd_step(xj);
        x[j] = xj + h;
        pair_energy_grad(x, gp, n, E->K);
        x[j] = xj - h;
        pair_energy_grad(x, gm, n, E->K);
        x[j] = xj;
        for (int i = 0; i < n; i++) {
            double hij = H[(long)i * n + j], fd = (gp[i] - gm[i]) / (2.0 * h);
            double t = TOL_FD_ABS * hscale + TOL_FD_REL * fabs(hij);
            if (!(fabs(hij - fd) <= t))
                fail(name, "hessian vs central differences of grad", i, j, hij, fd, t);
            hworst = fmax(hworst, fabs(hij - fd) / hscale);
        }
    }

    /* hvp vs H v */
    double hvmax = 0.0, hvdiff = 0.0;
    for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int j = 0; j < n; j++)
            s += H[(long)i * n + j] * E->v[j];
        gp[i] = s;
        hvmax = fmax(hvmax, fabs(s));
    }
    for (int i = 0; i < n; i++) {
        if (!(fabs(hv[i] - gp[i]) <= TOL_EXACT * hvmax))
            fail(name, "hvp vs hessian times v", i, 0, hv[i], gp[i], TOL_EXACT * hvmax);
        hvdiff = fmax(hvdiff, fabs(hv[i] - gp[i]));
    }
    printf("check pair_energy n = %d: grad by central differences (all %d): fd err %.1e; "
           "hessian (all %ld entries) by central differences of grad: fd err %.1e, "
           "|H - H^T| / max|H| %.1e; |hvp - H v| / |H v| %.1e  ok\n",
           n, n, gworst, nn, hworst, asym / hmax, hvdiff / hvmax);
    free(g);
    free(gp);
    free(gm);
    free(H);
    free(hv);
    free(x);
}

/*
** compute_reproj_error: err written by jacfwd and jacrev against the
** primal's; jacfwd against jacrev on all 30 entries; both against central
** differences on every column (the flat input is cam, X, w).
*/
static void check_reproj(Reproj *B)
{
    const char *name = "compute_reproj_error";
    double e0[2], e[2], jf[30], jr[30], in[15], ep[2], em[2];
    compute_reproj_error(B->cam, B->X, &B->w, B->feat, e0);
    compute_reproj_error_jacfwd(B->cam, B->X, &B->w, B->feat, e, jf);
    for (int i = 0; i < 2; i++)
        if (!(fabs(e[i] - e0[i]) <= 1e-12 * fabs(e0[i])))
            fail(name, "jacfwd's output value vs the primal's", i, -1, e[i], e0[i], 1e-12 * fabs(e0[i]));
    compute_reproj_error_jacrev(B->cam, B->X, &B->w, B->feat, e, jr);
    check_tape(name, "jacrev");
    for (int i = 0; i < 2; i++)
        if (!(fabs(e[i] - e0[i]) <= 1e-12 * fabs(e0[i])))
            fail(name, "jacrev's output value vs the primal's", i, -1, e[i], e0[i], 1e-12 * fabs(e0[i]));
    double jmax = max_abs(jf, 30), dmax = 0.0, scale = fmax(jmax, 1.0), worst = 0.0;
    for (int k = 0; k < 30; k++) {
        if (!(fabs(jf[k] - jr[k]) <= TOL_EXACT * jmax))
            fail(name, "jacfwd vs jacrev", k / 15, k % 15, jf[k], jr[k], TOL_EXACT * jmax);
        dmax = fmax(dmax, fabs(jf[k] - jr[k]));
    }
    memcpy(in, B->cam, sizeof B->cam);
    memcpy(in + 11, B->X, sizeof B->X);
    in[14] = B->w;
    for (int j = 0; j < 15; j++) {
        double xj = in[j], h = fd_step(xj);
        in[j] = xj + h;
        compute_reproj_error(in, in + 11, in + 14, B->feat, ep);
        in[j] = xj - h;
        compute_reproj_error(in, in + 11, in + 14, B->feat, em);
        in[j] = xj;
        for (int i = 0; i < 2; i++) {
            double fd = (ep[i] - em[i]) / (2.0 * h);
            for (int which = 0; which < 2; which++) {
                double jij = (which ? jr : jf)[i * 15 + j], t = TOL_FD_ABS * scale + TOL_FD_REL * fabs(jij);
                if (!(fabs(jij - fd) <= t))
                    fail(name, which ? "jacrev vs central differences" : "jacfwd vs central differences", i,
                         j, jij, fd, t);
                worst = fmax(worst, fabs(jij - fd) / scale);
            }
        }
    }
    printf("check compute_reproj_error 2 x 15: jacfwd = jacrev on all 30 entries (max diff / max|J| "
           "%.1e); all 30 by central differences: fd err %.1e  ok\n",
           dmax / jmax, worst);
}

/* }====================================================================== */

/* {======================================================================
** Timing
** ======================================================================= */

static volatile double sink;

int bench_ba(double batch, int rounds);   /* bench_ba.c: the whole BA problem */
int bench_hand(double batch, int rounds); /* bench_hand.c: a skinned hand's Jacobian */

static void t_primal(void *c)
{
    Layer *L = c;
    layer(L->x, L->n, L->W, L->b, L->m, L->y);
}
static void t_jacfwd(void *c)
{
    Layer *L = c;
    layer_jacfwd(L->x, L->n, L->W, L->b, L->m, L->y, L->jac);
}
static void t_jacrev(void *c)
{
    Layer *L = c;
    layer_jacrev(L->x, L->n, L->W, L->b, L->m, L->y, L->jac);
}
static void t_energy(void *c)
{
    Energy *E = c;
    sink = pair_energy(E->x, E->n, E->K);
}
static void t_grad(void *c)
{
    Energy *E = c;
    sink = pair_energy_grad(E->x, E->g, E->n, E->K);
}
static void t_hvp(void *c)
{
    Energy *E = c;
    sink = pair_energy_hvp(E->x, E->v, E->hv, E->n, E->K);
}
static void t_hessian(void *c)
{
    Energy *E = c;
    sink = pair_energy_hessian(E->x, E->n, E->K, E->hess);
}

static void t_reproj(void *c)
{
    Reproj *B = c;
    compute_reproj_error(B->cam, B->X, &B->w, B->feat, B->err);
}
static void t_reproj_fwd(void *c)
{
    Reproj *B = c;
    compute_reproj_error_jacfwd(B->cam, B->X, &B->w, B->feat, B->err, B->jac);
}
static void t_reproj_rev(void *c)
{
    Reproj *B = c;
    compute_reproj_error_jacrev(B->cam, B->X, &B->w, B->feat, B->err, B->jac);
}

/* }====================================================================== */

enum { NLAYER = 3 };
static const int layer_shape[NLAYER][2] = {{10, 1000}, {1000, 10}, {100, 100}};

int main(int argc, char **argv)
{
    double batch = argc > 1 ? atof(argv[1]) : 0.2;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (!(batch > 0) || rounds < 1 || argc > 3) {
        fprintf(stderr, "usage: %s [BATCH_SECONDS [ROUNDS]]\n", argv[0]);
        return 2;
    }

    Layer L[NLAYER];
    Energy E;
    Reproj B;
    for (int k = 0; k < NLAYER; k++)
        layer_init(&L[k], layer_shape[k][0], layer_shape[k][1]);
    energy_init(&E, ENERGY_N);
    reproj_init(&B);

    printf("cc-ad Jacobian / Hessian benchmark (compiled with %s)\n", BENCH_CFLAGS);
    printf("layer: y = softplus(tanh(W x + b)), R^n -> R^m, W and b fixed; "
           "pair_energy: 0.5 sum x_i^2 + sum_{i<j} K_ij log(1 + (x_i - x_j)^2), n = %d\n\n",
           ENERGY_N);
    for (int k = 0; k < NLAYER; k++)
        check_layer(&L[k]);
    check_energy(&E);
    check_reproj(&B);

    /* timers: per layer primal, jacfwd, jacrev; then energy primal, grad, hvp, hessian */
    enum { T_PRIMAL, T_FWD, T_REV };
    enum { T_E = 3 * NLAYER, T_EGRAD, T_EHVP, T_EHESS, T_B, T_BFWD, T_BREV, NT };
    Timer tm[NT];
    for (int k = 0; k < NLAYER; k++) {
        tm[3 * k + T_PRIMAL] = (Timer){t_primal, &L[k], 0, 0};
        tm[3 * k + T_FWD] = (Timer){t_jacfwd, &L[k], 0, 0};
        tm[3 * k + T_REV] = (Timer){t_jacrev, &L[k], 0, 0};
    }
    tm[T_E] = (Timer){t_energy, &E, 0, 0};
    tm[T_EGRAD] = (Timer){t_grad, &E, 0, 0};
    tm[T_EHVP] = (Timer){t_hvp, &E, 0, 0};
    tm[T_EHESS] = (Timer){t_hessian, &E, 0, 0};
    tm[T_B] = (Timer){t_reproj, &B, 0, 0};
    tm[T_BFWD] = (Timer){t_reproj_fwd, &B, 0, 0};
    tm[T_BREV] = (Timer){t_reproj_rev, &B, 0, 0};

    double t0 = wall();
    for (int i = 0; i < NT; i++)
        calibrate(&tm[i], batch);
    /* rounds go over all timers in turn: a slow phase cannot own one of them */
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < NT; i++)
            time_batch(&tm[i]);

    printf("\ntiming: best of %d batches of >= %.3g s of CPU time each, per call (%.1f s in all)\n\n",
           rounds, batch, wall() - t0);
    char a[32], b[32], c[32];
    printf("Jacobian of layer: forward (n sweeps) vs reverse (m sweeps)\n\n");
    printf("%6s %6s %11s %11s %9s %11s %9s %9s %9s  %-15s %s\n", "n", "m", "primal", "jacfwd",
           "fwd/f", "jacrev", "rev/f", "fwd/(nf)", "rev/(mf)", "faster", "theory");
    int agree = 1;
    for (int k = 0; k < NLAYER; k++) {
        double tp = tm[3 * k + T_PRIMAL].best, tf = tm[3 * k + T_FWD].best,
               tr = tm[3 * k + T_REV].best;
        int n = L[k].n, m = L[k].m;
        char faster[32];
        snprintf(faster, sizeof faster, "%s %.2fx", tf < tr ? "jacfwd" : "jacrev",
                 tf < tr ? tr / tf : tf / tr);
        const char *theory = n < m ? "jacfwd (n < m)" : n > m ? "jacrev (m < n)" : "either (n = m)";
        if ((n < m && !(tf < tr)) || (n > m && !(tr < tf)))
            agree = 0;
        printf("%6d %6d %11s %11s %9.1f %11s %9.1f %9.2f %9.2f  %-15s %s\n", n, m,
               fmt_time(a, sizeof a, tp), fmt_time(b, sizeof b, tf), tf / tp,
               fmt_time(c, sizeof c, tr), tr / tp, tf / (n * tp), tr / (m * tp), faster, theory);
    }
    if (!agree)
        printf("\nnote: for at least one shape the faster mode is not the one theory predicts\n");

    double te = tm[T_E].best, tg = tm[T_EGRAD].best, th = tm[T_EHVP].best,
           tH = tm[T_EHESS].best;
    int n = E.n;
    printf("\nHessian of pair_energy, n = %d: hessian = jacfwd of the gradient, 16 directions per "
           "sweep (n / 16 lane-wide hvp sweeps)\n\n",
           n);
    printf("%6s %11s %11s %7s %11s %9s %11s %12s %14s\n", "n", "primal", "grad", "grad/f",
           "hvp", "hvp/grad", "hessian", "hessian/grad", "hessian/(n grad)");
    char d[32];
    printf("%6d %11s %11s %7.2f %11s %9.2f %11s %12.1f %14.2f\n", n, fmt_time(a, sizeof a, te),
           fmt_time(b, sizeof b, tg), tg / te, fmt_time(c, sizeof c, th), th / tg,
           fmt_time(d, sizeof d, tH), tH / tg, tH / (n * tg));
    double tb = tm[T_B].best, tbf = tm[T_BFWD].best, tbr = tm[T_BREV].best;
    printf("\nJacobian of compute_reproj_error (BA, GradBench's ba.c): 2 x 15, all 15 columns in one "
           "vector sweep vs 2 reverse sweeps\n\n");
    printf("%11s %11s %9s %11s %9s  %s\n", "primal", "jacfwd", "fwd/f", "jacrev", "rev/f", "faster");
    printf("%11s %11s %9.1f %11s %9.1f  %s %.2fx\n", fmt_time(a, sizeof a, tb), fmt_time(b, sizeof b, tbf),
           tbf / tb, fmt_time(c, sizeof c, tbr), tbr / tb, tbf < tbr ? "jacfwd" : "jacrev",
           tbf < tbr ? tbr / tbf : tbf / tbr);
    printf("\ntheory: jacfwd costs n forward sweeps, jacrev m reverse sweeps, so forward wins "
           "when n << m and reverse when m << n; hessian/grad is n / 16 (= %d) sweeps of one "
           "gradient and 16 tangent lanes each\n", (n + 15) / 16);
    int ba_ok = bench_ba(batch, rounds);
    int hand_ok = bench_hand(batch, rounds);

    for (int k = 0; k < NLAYER; k++) {
        free(L[k].x);
        free(L[k].W);
        free(L[k].b);
        free(L[k].y);
        free(L[k].jac);
    }
    free(E.x);
    free(E.K);
    free(E.v);
    free(E.g);
    free(E.hv);
    free(E.hess);
    return ba_ok && hand_ok ? 0 : 1;
}
