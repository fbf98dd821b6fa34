/*
** jvp/control: every statement form of contract section 4 steering active
** computations: while(1) with break, continue, switch with fallthrough and
** default, do-while with a data-dependent exit, early returns (before,
** inside and after loops), a for with break, nested ifs, a descending loop
** with a stride, a loop with a non-zero start. The test points keep every
** data-dependent decision away from its threshold, so the finite
** differences see one smooth piece.
*/
#include <math.h>

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
#pragma ad jvp(select_op) wrt(a, b)

#include "control.ad.h"

#define N 11

static int g_mode;

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

static int g_op;

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

int main(void)
{
    /* negative entries take the continue path; entries > 0.5 and > 1.5 the
    ** nested ifs; the do-while halves s a data-dependent number of times */
    double x[N] = {0.8, 1.7, -0.3, 0.4, 2.1, 0.6, -1.2, 0.9, 0.3, 1.1, 0.7};
    OracleRng rng = oracle_rng(11);
    OracleProblem p = {.name = "piecewise", .n = N, .m = 1, .f = pw_flat, .jvp = pw_jvp_flat};
    for (g_mode = 0; g_mode < 2; g_mode++)
        oracle_check_jvp(&p, NULL, x, &rng, 3, N);

    double ret_dot = NAN;
    CHECK_CLOSE("piecewise n = 0 early return", piecewise_jvp(x, x, 0, 0, &ret_dot), 0.0, 0.0, 0.0);

    OracleProblem ps = {.name = "select_op", .n = 2, .m = 1, .f = sel_flat, .jvp = sel_jvp_flat};
    double ab[2] = {0.7, -1.3};
    for (g_op = 0; g_op < 4; g_op++)
        oracle_check_jvp(&ps, NULL, ab, &rng, 2, 2);
    /* closed forms at (a, b) in direction (1, 0) */
    const double a = ab[0], b = ab[1];
    const double want[4] = {1.0, b, 2.0 * a / (b * b), b / (a * a + b * b)};
    for (int op = 0; op < 4; op++) {
        char label[64];
        snprintf(label, sizeof label, "select_op op=%d d/da closed form", op);
        ret_dot = NAN;
        select_op_jvp(a, 1.0, b, 0.0, op, &ret_dot);
        CHECK_CLOSE(label, ret_dot, want[op], ORACLE_RTOL_EXACT, 0.0);
    }
    return oracle_result();
}
