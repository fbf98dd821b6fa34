/*
** grad/rk4_callback: an ODE integrator as numerical C writes it: RK4 whose
** right-hand side comes through a function pointer, called as a statement
** (f(t, y, k1, p, n);), stages in one work buffer, a loss accumulated
** along a time loop under #pragma ad checkpoint.
** Regression: the call through the pointer as a statement left a "0;"
** behind its dispatch (gcc: statement with no effect, an error under
** -Werror).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*) of the loss with respect to the parameters and the
** initial state.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef void (*rhs_fn)(double t, const double *y, double *dy, const double *p, int n);

static void lotka(double t, const double *y, double *dy, const double *p, int n)
{
    (void)t;
    (void)n;
    dy[0] = p[0] * y[0] - p[1] * y[0] * y[1];
    dy[1] = -p[2] * y[1] + p[3] * y[0] * y[1];
}

static void damped(double t, const double *y, double *dy, const double *p, int n)
{
    (void)n;
    dy[0] = y[1];
    dy[1] = -p[0] * y[0] - p[1] * y[1] + 0.1 * sin(t);
}

static void rk4_step(rhs_fn f, double t, double h, double *y, const double *p, int n, double *work)
{
    double *k1 = work, *k2 = work + n, *k3 = work + 2 * n, *k4 = work + 3 * n, *tmp = work + 4 * n;
    f(t, y, k1, p, n);
    for (int i = 0; i < n; i++)
        tmp[i] = y[i] + 0.5 * h * k1[i];
    f(t + 0.5 * h, tmp, k2, p, n);
    for (int i = 0; i < n; i++)
        tmp[i] = y[i] + 0.5 * h * k2[i];
    f(t + 0.5 * h, tmp, k3, p, n);
    for (int i = 0; i < n; i++)
        tmp[i] = y[i] + h * k3[i];
    f(t + h, tmp, k4, p, n);
    for (int i = 0; i < n; i++)
        y[i] += h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

/* model 0: predator-prey, 1: damped oscillator */
double loss(const double *p, const double *y0, int model, int steps, double h)
{
    int n = 2;
    double y[2];
    memcpy(y, y0, sizeof y);
    double *work = malloc(5 * (size_t)n * sizeof(double));
    rhs_fn f = model == 0 ? lotka : damped;
    double l = 0;
#pragma ad checkpoint(snapshots=4)
    for (int s = 0; s < steps; s++) {
        rk4_step(f, s * h, h, y, p, n, work);
        l += h * (y[0] - 1.0) * (y[0] - 1.0);
    }
    free(work);
    return l;
}

#pragma ad grad(loss) wrt(p[4], y0[2])
#pragma ad vjp(loss) wrt(p[4], y0[2])
#pragma ad jvp(loss) wrt(p[4], y0[2])

#include "rk4_callback.ad.h"

enum { STEPS = 60 };
typedef struct { int model; } Ctx;

/* x = (p[0..4), y0[0..2)) */
static void f_flat(void *ctx, const double *x, double *y)
{
    y[0] = loss(x, x + 4, ((Ctx *)ctx)->model, STEPS, 0.05);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    y[0] = loss_jvp(x, v, x + 4, v + 4, ((Ctx *)ctx)->model, STEPS, 0.05, ydot);
}

static void f_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    y[0] = loss_vjp(x, xbar, x + 4, xbar + 4, ((Ctx *)ctx)->model, STEPS, 0.05, w[0]);
    w[0] = 0.0;
}

static double f_grad_flat(void *ctx, const double *x, double *g)
{
    return loss_grad(x, g, x + 4, g + 4, ((Ctx *)ctx)->model, STEPS, 0.05);
}

int main(void)
{
    OracleRng rng = oracle_rng(21);
    double x[6] = {1.1, 0.4, 0.4, 0.1, 2.0, 1.0};
    for (int model = 0; model < 2; model++) {
        Ctx c = {model};
        OracleProblem p = {model ? "damped" : "lotka", 6, 1, f_flat, f_jvp_flat, f_vjp_flat, ccad_tape_empty, 0, 0};
        oracle_check_jvp(&p, &c, x, &rng, 2, 6);
        oracle_check_vjp(&p, &c, x, &rng, 2, 6);
        oracle_check_grad(&p, &c, x, f_grad_flat, 6);
    }
    return oracle_result();
}
