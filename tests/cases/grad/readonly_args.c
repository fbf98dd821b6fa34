/*
** grad/readonly_args: pointers that helpers only read, passed without
** const as real C does: an int *perm index array (a gather), and a
** kissfft-style configuration handle (typedef struct cfg *cfg_t) holding
** twiddle factors and sizes, read by a helper through a plain pointer.
** Whether a helper modifies what a pointer reaches is decided from what
** it stores, not from the missing const (regression: grad and vjp were
** refused, "parameter 'perm' is modified through a called function ...
** give its element count: wrt(perm[n])", which for int data is itself
** an error). A third helper does write through its int *: its stores
** still count.
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

struct cfg {
    int nfft;
    int inverse;
    double tw[8];
};
typedef struct cfg *cfg_t;

/* out[k] = sum_j in[perm[j]] * tw[(j * k) % nfft] (a toy transform) */
static void mix(double *out, const double *in, int *perm, cfg_t st)
{
    for (int k = 0; k < st->nfft; k++) {
        double s = 0;
        for (int j = 0; j < st->nfft; j++)
            s += in[perm[j]] * st->tw[(j * k) % st->nfft];
        out[k] = st->inverse ? s / st->nfft : s;
    }
}

static int count_big(const double *v, int n, int *hits)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        if (fabs(v[i]) > 0.5)
            c++;
    *hits += c;  /* writes an int through a pointer: no derivative */
    return c;
}

double f(const double *x, int n, int *perm, cfg_t st, int *hits)
{
    double y[8];
    mix(y, x, perm, st);
    double s = 0;
    for (int k = 0; k < n; k++)
        s += y[k] * y[k] * (1 + count_big(x, n, hits) % 2);
    return sin(s);
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "readonly_args.ad.h"

enum { N = 8 };
static int perm[N] = {3, 1, 4, 0, 7, 5, 2, 6};
static struct cfg conf = {N, 1, {0.5, -0.25, 0.75, 1.0, -0.5, 0.125, 0.3, -0.8}};
static int hits;

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = f(x, N, perm, &conf, &hits);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = f_jvp(x, v, N, perm, &conf, &hits, ydot);
}

static void f_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = f_vjp(x, xbar, N, perm, &conf, &hits, w[0]);
    w[0] = 0.0;
}

static double f_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return f_grad(x, g, N, perm, &conf, &hits);
}

int main(void)
{
    OracleRng rng = oracle_rng(5);
    double x[N], g[N];
    oracle_fill_uniform(&rng, x, N, -0.5, 0.5);
    OracleProblem p = {"f", N, 1, f_flat, f_jvp_flat, f_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    oracle_check_grad(&p, NULL, x, f_grad_flat, N);
    /* each call adds count_big's count N times, as f does */
    int big = 0;
    for (int i = 0; i < N; i++)
        big += fabs(x[i]) > 0.5;
    hits = 0;
    f_grad(x, g, N, perm, &conf, &hits);
    CHECK_EQ_INT("hits after f_grad", hits, N * big);
    hits = 0;
    f_vjp(x, g, N, perm, &conf, &hits, 1.0);
    CHECK_EQ_INT("hits after f_vjp", hits, N * big);
    return oracle_result();
}
