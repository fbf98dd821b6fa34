/*
** grad/byval_local: parameters passed by value that are not inputs (a
** struct of options, a scalar), whose copy the function makes depend on
** the inputs: adapt(&o, x, n) writes a field of the copy, tau = tau * x[0],
** and a helper scales its own copy of an options struct the caller passes
** unchanged. A copy is local: it gets a local derivative, zero on entry
** (regression: rejected with a message about pointer fields the struct
** does not have).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*), jacfwd against the gradient, the Hessian against
** differences of the gradient.
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

static void shrink(Opts *o, double x)
{
    o->scale = o->scale * x + 0.5;
    o->iters++;
}

/* its copy, passed on by address: the callee's forward sweep names the
 * copy's derivative too */
static double twice(Opts q, double x)
{
    shrink(&q, x);
    shrink(&q, sin(x));
    return q.scale * x + q.shift;
}

double loss(const double *x, int n, Opts o, double tau)
{
    adapt(&o, x, n);
    tau = tau * x[0];
    double s = 0;
    Opts base = {0.5, 0.25, 1};
    for (int k = 0; k < o.iters; k++)
        for (int i = 0; i < n; i++)
            s += sin(o.scale * x[i] + o.shift) + tau * x[i] + damped(base, x[i]) + twice(base, x[i]);
    return s;
}

/* a scalar copy alone: a closed form */
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
#pragma ad jacfwd(loss) wrt(x[n])
#pragma ad hessian(loss) wrt(x[n])
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
    y = loss_grad(x, g, N, opts, 0.7);
    CHECK_CLOSE("loss jacfwd primal", loss_jacfwd(x, N, opts, 0.7, jf), y, 1e-13, 0);
    CHECK_VEC_CLOSE("loss jacfwd = grad", jf, g, N, 1e-12, 1e-14);
    double H[N * N];
    CHECK_CLOSE("loss hessian primal", loss_hessian(x, N, opts, 0.7, H), y, 1e-13, 0);
    for (int j = 0; j < N; j++) {  /* columns: central differences of the gradient */
        double xp[N], xm[N], gp[N], gm[N], fd[N], col[N];
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        memcpy(xp, x, sizeof x);
        memcpy(xm, x, sizeof x);
        xp[j] += h;
        xm[j] -= h;
        loss_grad(xp, gp, N, opts, 0.7);
        loss_grad(xm, gm, N, opts, 0.7);
        for (int i = 0; i < N; i++) {
            fd[i] = (gp[i] - gm[i]) / (2 * h);
            col[i] = H[i * N + j];
        }
        CHECK_VEC_CLOSE("loss hessian column vs FD of grad", col, fd, N, ORACLE_RTOL_FD,
                        oracle_fd_atol(oracle_norm_inf(g, N)));
    }
    return oracle_result();
}
