/*
** grad/vlaoffset: an input declared as a VLA parameter, const double x[n],
** passed to helpers as an offset (x + 1), and chosen by ?: between two
** offsets (regression: libclang reports x + 1 with the array type x was
** written with, so activity saw a pointer to nothing and every mode gave
** derivative 0 through those calls, with a warning that x reaches no
** output; const double *x and &x[1] were right).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*), jacfwd and jacrev against the gradient.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

/* sum of squared differences of neighbours: the energy of a chain */
static double chain(int m, const double u[m])
{
    double s = 0;
    for (int i = 0; i + 1 < m; i++) {
        double d = u[i + 1] - u[i];
        s += d * d;
    }
    return s;
}

static double dot(int m, const double a[m], const double b[m])
{
    double s = 0;
    for (int i = 0; i < m; i++)
        s += a[i] * b[i];
    return s;
}

double f(int n, const double x[n])
{
    double e = chain(n - 1, x + 1);          /* skips x[0] */
    e += dot(n - 1, x, x + 1);               /* shifted by one */
    const double *tail = n > 2 ? x + 2 : x;  /* ?: of two offsets */
    e += sin(tail[0]) * x[0];
    return e;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#pragma ad jacfwd(f) wrt(x[n])
#pragma ad jacrev(f) wrt(x[n])

#include "vlaoffset.ad.h"

enum { N = 6 };

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = f(N, x);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = f_jvp(N, x, v, ydot);
}

static void f_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = f_vjp(N, x, xbar, w[0]);
    w[0] = 0.0;
}

static double f_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return f_grad(N, x, g);
}

int main(void)
{
    OracleRng rng = oracle_rng(41);
    double x[N], g[N], jf[N], jr[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    OracleProblem p = {"f", N, 1, f_flat, f_jvp_flat, f_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    oracle_check_grad(&p, NULL, x, f_grad_flat, N);
    double y = f_grad(N, x, g);
    CHECK_CLOSE("jacfwd primal", f_jacfwd(N, x, jf), y, 1e-13, 0);
    CHECK_CLOSE("jacrev primal", f_jacrev(N, x, jr), y, 1e-13, 0);
    CHECK_VEC_CLOSE("jacfwd = grad", jf, g, N, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jacrev = grad", jr, g, N, 1e-12, 1e-14);
    return oracle_result();
}
