/*
** grad/byval_local: parameters passed by value that are not inputs (a
** struct of options, a scalar), whose copy the function makes depend on
** the inputs: adapt(&o, x, n) writes a field of the copy, tau = tau * x[0],
** and a helper scales its own copy of an options struct the caller passes
** unchanged. A copy is local: it gets a local derivative, zero on entry
** (regression: rejected with a message about pointer fields the struct
** does not have).
** jacfwd through helpers is item 1 of issue 10 (lanes); here it covers
** the scalar copy only.
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*), jacfwd against the gradient.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct Opts {
    double scale, shift;
    int iters;
} Opts;

static void adapt(Opts *o, const double *x, int n)
{
    double m = 0;
    for (int i = 0; i < n; i++)
        m += x[i] * x[i];
    o->scale *= 1.0 / (1.0 + m);
    o->iters++;
}

/* damped sum: its own copy of the options is damped by the input */
static double damped(Opts o, double v)
{
    o.shift = o.shift * v;
    return o.scale * v * v + o.shift;
}

double loss(const double *x, int n, Opts o, double tau)
{
    adapt(&o, x, n);
    tau = tau * x[0];
    double s = 0;
    Opts base = {0.5, 0.25, 1};
    for (int k = 0; k < o.iters; k++)
        for (int i = 0; i < n; i++)
            s += sin(o.scale * x[i] + o.shift) + tau * x[i] + damped(base, x[i]);
    return s;
}

/* tau's copy only, for jacfwd */
double spread(const double *x, int n, double tau)
{
    tau = tau * x[0];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += tau * sin(x[i]);
    return s;
}

#pragma ad grad(loss) wrt(x[n])
#pragma ad vjp(loss) wrt(x[n])
#pragma ad jvp(loss) wrt(x[n])
#pragma ad grad(spread) wrt(x[n])
#pragma ad jacfwd(spread) wrt(x[n])

#include "byval_local.ad.h"

enum { N = 5 };
static const Opts opts = {1.5, 0.3, 1};

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = loss(x, N, opts, 0.7);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = loss_jvp(x, v, N, opts, 0.7, ydot);
}

static void f_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = loss_vjp(x, xbar, N, opts, 0.7, w[0]);
    w[0] = 0.0;
}

static double f_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return loss_grad(x, g, N, opts, 0.7);
}

int main(void)
{
    OracleRng rng = oracle_rng(17);
    double x[N], g[N], jf[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    OracleProblem p = {"loss", N, 1, f_flat, f_jvp_flat, f_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    oracle_check_grad(&p, NULL, x, f_grad_flat, N);
    double y = spread_grad(x, g, N, 0.7);
    CHECK_CLOSE("spread grad primal", y, spread(x, N, 0.7), 1e-13, 0);
    for (int i = 0; i < N; i++) {
        char label[32];
        snprintf(label, sizeof label, "spread grad[%d]", i);
        double want = 0.7 * x[0] * cos(x[i]) + (i == 0 ? y / x[0] : 0);  /* closed form */
        CHECK_CLOSE(label, g[i], want, 1e-12, 1e-14);
    }
    CHECK_CLOSE("jacfwd primal", spread_jacfwd(x, N, 0.7, jf), y, 1e-13, 0);
    CHECK_VEC_CLOSE("jacfwd = grad", jf, g, N, 1e-12, 1e-14);
    return oracle_result();
}
