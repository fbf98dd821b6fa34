/*
** grad/size_param_written: functions that count their size parameter down,
** as C loves to (while (n-- > 0), Horner's rule from the top coefficient),
** with that parameter in the clauses' sizes: out(y[n]), wrt(c[n]),
** scratch(work[n]).
** Regression: the code cc-ad adds after f's statements read n as f left it
** (-1): energy_grad kept the final work array in malloc(n * sizeof
** *work), a huge allocation (ASan: allocation-size-too-big). An integer parameter f changes is now a local copy made at
** entry; the clauses read what the caller passed.
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*); jacfwd == jacrev; poly's derivative in closed form.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

/* y[i] = tanh(c[i] * t) + (sum of the c's after it) * t, from the top */
void tail_sums(const double *c, double t, int n, double *y)
{
    double acc = 0;
    while (n-- > 0) {
        y[n] = tanh(c[n] * t) + acc * t;
        acc += c[n];
    }
}

/* Horner: c[n-1] t^(n-1) + ... + c[0] */
double poly(const double *c, double t, int n)
{
    double s = 0;
    while (n--)
        s = s * t + c[n];
    return s;
}

/* a work array (state a caller keeps) filled from the top, summed down */
double energy(const double *x, int n, double *work)
{
    int k = n;
    while (k-- > 0)
        work[k] = sin(x[k]) * x[(k + 1) % n];
    double e = 0;
    while (n-- > 0)
        e += work[n] * work[n];
    return e;
}

#pragma ad vjp(tail_sums) wrt(c[n], t) out(y[n])
#pragma ad jvp(tail_sums) wrt(c[n], t) out(y[n])
#pragma ad jacfwd(tail_sums) wrt(c[n], t) out(y[n])
#pragma ad jacrev(tail_sums) wrt(c[n], t) out(y[n])
#pragma ad grad(poly) wrt(c[n], t)
#pragma ad grad(energy) wrt(x[n]) scratch(work[n])

#include "size_param_written.ad.h"

enum { N = 5 };

/* x = (c[0..N), t) */
static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    tail_sums(x, x[N], N, y);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    tail_sums_jvp(x, v, x[N], v[N], N, y, ydot);
}

static void e_flat(void *ctx, const double *x, double *y)
{
    double work[N];
    (void)ctx;
    y[0] = energy(x, N, work);
}

static double e_grad_flat(void *ctx, const double *x, double *g)
{
    double work[N];
    (void)ctx;
    return energy_grad(x, g, N, work);
}

static void f_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    tail_sums_vjp(x, xbar, x[N], &xbar[N], N, y, w);
}

int main(void)
{
    OracleRng rng = oracle_rng(4);
    double x[N + 1], J1[N * (N + 1)], J2[N * (N + 1)], y[N];
    oracle_fill_uniform(&rng, x, N + 1, -0.9, 0.9);
    OracleProblem p = {"tail_sums", N + 1, N, f_flat, f_jvp_flat, f_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N + 1);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N + 1);
    tail_sums_jacfwd(x, x[N], N, y, J1);
    tail_sums_jacrev(x, x[N], N, y, J2);
    oracle_check_vec("jacfwd == jacrev", J1, J2, N * (N + 1), ORACLE_RTOL_EXACT, 1e-14);
    /* poly: d/dc_k = t^k, d/dt = sum k c_k t^(k-1) */
    double g[N], gt = 0, want[N], wt = 0, t = x[N];
    double val = poly_grad(x, g, t, &gt, N);
    CHECK_CLOSE("poly_grad value", val, poly(x, t, N), ORACLE_RTOL_EXACT, 0.0);
    for (int k = 0; k < N; k++) {
        want[k] = pow(t, k);
        if (k) wt += k * x[k] * pow(t, k - 1);
    }
    oracle_check_vec("poly_grad dc", g, want, N, ORACLE_RTOL_EXACT, 1e-14);
    CHECK_CLOSE("poly_grad dt", gt, wt, ORACLE_RTOL_EXACT, 1e-14);
    OracleProblem q = {"energy", N, 1, e_flat, NULL, NULL, ccad_tape_empty, 0, 0};
    oracle_check_grad(&q, NULL, x, e_grad_flat, N);
    return oracle_result();
}
