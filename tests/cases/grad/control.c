/*
** grad/control: jvp/control's statement forms (while(1)/break/continue,
** switch with fallthrough, do-while with a data-dependent exit, early
** returns, descending and strided loops) in reverse mode: the reverse
** sweep must replay the taken branches and trip counts backwards.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double piecewise(const double *x, int n, int mode)
{
    double s = 0.0;
    int i = 0;
    if (n <= 0)
        return 0.0;
    while (1) {
        if (i >= n)
            break;
        if (x[i] < 0.0) {
            s -= 0.25 * x[i];
            i++;
            continue;
        }
        switch (i % 4) {
        case 0:
            s += x[i] * x[i];
            break;
        case 1:
            s += sin(x[i]);
            /* fall through */
        case 2:
            s += exp(-x[i]);
            break;
        default:
            s += sqrt(x[i]);
            break;
        }
        i++;
    }
    do {
        s *= 0.5;
    } while (s > 1.0);
    if (mode == 1)
        return s * s;
    for (int j = 0; j < n; j++) {
        if (j == 5)
            break;
        if (x[j] > 0.5) {
            if (x[j] > 1.5)
                s += x[j];
            else
                s -= x[j] * s;
        }
    }
    for (int j = n - 1; j >= 1; j -= 2)
        s += 0.01 * x[j] * x[j - 1];
    for (int j = 2; j < n; j += 3)
        s *= 1.0 + 0.05 * x[j];
    return s;
}

/* a switch whose cases return */
double select_op(double a, double b, int op)
{
    switch (op) {
    case 0:
        return a + b;
    case 1:
        return a * b;
    case 2: {
        double t = a / b;
        return t * t;
    }
    default:
        break;
    }
    return atan2(a, b);
}

#pragma ad jvp(piecewise) wrt(x[n])
#pragma ad vjp(piecewise) wrt(x[n])
#pragma ad grad(piecewise) wrt(x[n])
#pragma ad grad(select_op) wrt(a, b)
#pragma ad vjp(select_op) wrt(a, b)
#pragma ad jvp(select_op) wrt(a, b)

#include "control.ad.h"

#define N 11

static int g_mode, g_op;

static void pw_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = piecewise(x, N, g_mode);
}

static void pw_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = piecewise_jvp(x, v, N, g_mode, ydot);
}

static void pw_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = piecewise_vjp(x, xbar, N, g_mode, w[0]);
    w[0] = 0.0;
}

static double pw_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return piecewise_grad(x, g, N, g_mode);
}

static void sel_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = select_op(x[0], x[1], g_op);
}

static void sel_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = select_op_jvp(x[0], v[0], x[1], v[1], g_op, ydot);
}

static void sel_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = select_op_vjp(x[0], &xbar[0], x[1], &xbar[1], g_op, w[0]);
    w[0] = 0.0;
}

static double sel_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return select_op_grad(x[0], &g[0], x[1], &g[1], g_op);
}

int main(void)
{
    double x[N] = {0.8, 1.7, -0.3, 0.4, 2.1, 0.6, -1.2, 0.9, 0.3, 1.1, 0.7};
    OracleRng rng = oracle_rng(11);
    OracleProblem p = {.name = "piecewise", .n = N, .m = 1, .f = pw_flat, .jvp = pw_jvp_flat,
                       .vjp = pw_vjp_flat, .tape_empty = ccad_tape_empty};
    for (g_mode = 0; g_mode < 2; g_mode++) {
        oracle_check_grad(&p, NULL, x, pw_grad_flat, N);
        oracle_check_vjp(&p, NULL, x, &rng, 2, N);
    }
    double g0[N];
    for (int i = 0; i < N; i++)
        g0[i] = 5.0;
    CHECK_CLOSE("piecewise_grad n = 0 early return", piecewise_grad(x, g0, 0, 0), 0.0, 0.0, 0.0);
    CHECK_TRUE("tape empty after an early return", ccad_tape_empty());

    OracleProblem ps = {.name = "select_op", .n = 2, .m = 1, .f = sel_flat, .jvp = sel_jvp_flat,
                        .vjp = sel_vjp_flat, .tape_empty = ccad_tape_empty};
    const double ab[2] = {0.7, -1.3};
    const double a = ab[0], b = ab[1];
    const double want[4][2] = {{1.0, 1.0},
                               {b, a},
                               {2.0 * a / (b * b), -2.0 * a * a / (b * b * b)},
                               {b / (a * a + b * b), -a / (a * a + b * b)}};
    char label[64];
    for (g_op = 0; g_op < 4; g_op++) {
        double g[2];
        oracle_check_grad(&ps, NULL, ab, sel_grad_flat, 2);
        oracle_check_vjp(&ps, NULL, ab, &rng, 2, 2);
        sel_grad_flat(NULL, ab, g);
        snprintf(label, sizeof label, "select_op op=%d gradient closed form", g_op);
        CHECK_VEC_CLOSE(label, g, want[g_op], 2, ORACLE_RTOL_EXACT, 0.0);
    }
    return oracle_result();
}
