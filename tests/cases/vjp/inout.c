/*
** vjp/inout: in-out pointers in reverse mode: acc_bar (resp. v_bar) holds
** the seed, the adjoint of the output value, on entry and the adjoint of
** the input value on exit (contract section 3); x_bar and *alpha_bar,
** pure inputs, are added to. Closed forms:
**   axpy_sq: acc_bar_i <- acc_i acc_bar_i, x_bar_i += alpha acc_bar_i,
**            alpha_bar += sum x_i acc_bar_i  (with the seed acc_bar)
**   normalize: v_bar <- (v_bar - u <u, v_bar>) / |v|
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

void axpy_sq(double *acc, const double *x, double alpha, int n)
{
    for (int i = 0; i < n; i++)
        acc[i] = acc[i] * acc[i] * 0.5 + alpha * x[i];
}

void normalize(double *v, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    s = sqrt(s);
    for (int i = 0; i < n; i++)
        v[i] /= s;
}

#pragma ad vjp(axpy_sq) wrt(acc[n], x[n], alpha) out(acc[n])
#pragma ad jvp(axpy_sq) wrt(acc[n], x[n], alpha) out(acc[n])
#pragma ad vjp(normalize)
#pragma ad jvp(normalize)

#include "inout.ad.h"

#define N 5

/* flat form of axpy_sq: inputs (acc, x, alpha), outputs acc */
static void ax_flat(void *ctx, const double *in, double *y)
{
    (void)ctx;
    for (int i = 0; i < N; i++)
        y[i] = in[i];
    axpy_sq(y, in + N, in[2 * N], N);
}

static void ax_jvp_flat(void *ctx, const double *in, const double *v, double *y, double *ydot)
{
    (void)ctx;
    for (int i = 0; i < N; i++) {
        y[i] = in[i];
        ydot[i] = v[i];
    }
    axpy_sq_jvp(y, ydot, in + N, v + N, in[2 * N], v[2 * N], N);
}

static void ax_vjp_flat(void *ctx, const double *in, double *inbar, double *w, double *y)
{
    double accb[N];
    (void)ctx;
    for (int i = 0; i < N; i++) {
        y[i] = in[i];
        accb[i] = w[i];
    }
    axpy_sq_vjp(y, accb, in + N, inbar + N, in[2 * N], &inbar[2 * N], N);
    for (int i = 0; i < N; i++) {
        inbar[i] += accb[i];
        w[i] = 0.0;
    }
}

int main(void)
{
    const double acc0[N] = {0.5, -1.0, 1.5, 0.25, -2.0};
    const double seed[N] = {1.0, 0.5, -0.5, 2.0, 0.125};
    const double x[N] = {0.3, 0.6, -0.9, 1.2, -1.5};
    const double alpha = 0.8;
    double acc[N], accb[N], xb[N], alpha_bar = 0.25, want_acc[N], want_x[N], want_alpha = 0.25;
    for (int i = 0; i < N; i++) {
        acc[i] = acc0[i];
        accb[i] = seed[i];
        xb[i] = 1.0;
        want_acc[i] = acc0[i] * seed[i];
        want_x[i] = 1.0 + alpha * seed[i];
        want_alpha += x[i] * seed[i];
    }
    axpy_sq_vjp(acc, accb, x, xb, alpha, &alpha_bar, N);
    CHECK_VEC_CLOSE("axpy_sq_vjp acc_bar: seed in, input adjoint out", accb, want_acc, N,
                    ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("axpy_sq_vjp x_bar added to", xb, want_x, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_CLOSE("axpy_sq_vjp alpha_bar added to", alpha_bar, want_alpha, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());

    double in[2 * N + 1];
    for (int i = 0; i < N; i++) {
        in[i] = acc0[i];
        in[N + i] = x[i];
    }
    in[2 * N] = alpha;
    OracleRng rng = oracle_rng(6);
    OracleProblem p = {.name = "axpy_sq", .n = 2 * N + 1, .m = N, .f = ax_flat, .jvp = ax_jvp_flat,
                       .vjp = ax_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_vjp(&p, NULL, in, &rng, 2, 2 * N + 1);

    /* normalize: symmetric Jacobian (I - u u^T) / |v| */
    double v[N], vb[N], u[N], s = 0.0, uw = 0.0, want[N];
    for (int i = 0; i < N; i++) {
        v[i] = acc0[i];
        vb[i] = seed[i];
        s += v[i] * v[i];
    }
    s = sqrt(s);
    for (int i = 0; i < N; i++) {
        u[i] = acc0[i] / s;
        uw += u[i] * seed[i];
    }
    for (int i = 0; i < N; i++)
        want[i] = (seed[i] - u[i] * uw) / s;
    normalize_vjp(v, vb, N);
    CHECK_VEC_CLOSE("normalize_vjp v (primal)", v, u, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("normalize_vjp v_bar closed form", vb, want, N, ORACLE_RTOL_EXACT, 1e-15);
    return oracle_result();
}
