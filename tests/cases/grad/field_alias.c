/*
** grad/field_alias: two pointer fields of one struct that point into the
** same array, as an in-place layer does (Layer L = {x, x, n}: out is w):
** the helper overwrites through L->out what its backward code reads
** through L->w. The analysis keeps a struct's fields apart only where the
** caller's facts say they are apart: here a helper's variant has them in
** one class, so its forward sweep saves what it overwrites (taken apart,
** the backward sweep read the new values: a wrong gradient, silently).
** The same for a struct passed by value, and for a requested function
** given such a struct (the no-overlap rule is about distinct parameters,
** not about the fields of one), also where it passes the struct on to a
** helper (forwarded: its gradient in closed form, 2 (w . x) w).
** Oracles: central differences (h ~ 6e-6, ORACLE_RTOL_FD); vjp against
** jvp by the dot-product test (1e-12).
*/
// EXPECT-WARNING: 'grad' zeroes the floating fields of '*L_bar' but not the memory its pointers lead to
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Layer {
    const double *w;
    double *out;
    int n;
} Layer;

static void layer_run(Layer *L)
{
    for (int i = 0; i < L->n; i++)
        L->out[i] = sin(L->w[i]) * L->w[i];
}

static void layer_run_val(Layer L)
{
    for (int i = 0; i < L.n; i++)
        L.out[i] = cos(L.w[i]) + L.w[i] * L.w[i];
}

double inplace(double *x, int n)
{
    Layer L = {x, x, n};
    layer_run(&L);
    layer_run_val(L);
    layer_run(&L);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* requested with the struct itself */
double run_twice(Layer *L)
{
    layer_run(L);
    layer_run(L);
    double s = 0;
    for (int i = 0; i < L->n; i++)
        s += L->out[i] * L->w[i];
    return s;
}

/* a requested function passing its struct on: the helper reads L->w for
 * the derivative, then clears L->out, the same array */
static void dot_then_clear(Layer *L, const double *x, double *y)
{
    for (int i = 0; i < L->n; i++)
        y[0] += L->w[i] * x[i];
    for (int i = 0; i < L->n; i++)
        L->out[i] = 0.5;
}

double forwarded(Layer *L, const double *x, double *y, int n)
{
    (void)n;
    y[0] = 0;
    dot_then_clear(L, x, y);
    return y[0] * y[0];
}

#pragma ad grad(inplace) wrt(x[n]) out(return)
#pragma ad vjp(inplace) wrt(x[n]) out(return)
#pragma ad jvp(inplace) wrt(x[n]) out(return)
#pragma ad grad(run_twice) wrt(L[1]) out(return)
#pragma ad grad(forwarded) wrt(x[n]) scratch(y[1])

#include "field_alias.ad.h"

enum { N = 5 };

static double inplace_at(const double *x0)
{
    double x[N];
    memcpy(x, x0, sizeof x);
    return inplace(x, N);
}

static double run_twice_at(const double *x0)
{
    double x[N];
    memcpy(x, x0, sizeof x);
    Layer L = {x, x, N};
    return run_twice(&L);
}

static void fd(double (*f)(const double *), const double *x, double *g)
{
    for (int j = 0; j < N; j++) {
        double xp[N];
        memcpy(xp, x, sizeof xp);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] = x[j] + h;
        double fp = f(xp);
        xp[j] = x[j] - h;
        g[j] = (fp - f(xp)) / (2 * h);
    }
}

int main(void)
{
    OracleRng rng = oracle_rng(23);
    double x0[N], x[N], g[N], want[N], v[N], b[N] = {0}, d = 0;
    oracle_fill_uniform(&rng, x0, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);

    double y = inplace_at(x0);
    memcpy(x, x0, sizeof x);
    CHECK_CLOSE("grad primal", inplace_grad(x, g, N), y, 0, 0);
    fd(inplace_at, x0, want);
    CHECK_VEC_CLOSE("grad vs fd", g, want, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    memcpy(x, x0, sizeof x);
    inplace_vjp(x, b, N, 1.0);
    double xd[N]; /* x is updated in place, and so is its tangent */
    memcpy(x, x0, sizeof x);
    memcpy(xd, v, sizeof xd);
    inplace_jvp(x, xd, N, &d);
    CHECK_CLOSE("dot test", oracle_dot(b, v, N), d, ORACLE_RTOL_DOT, 1e-14);

    /* the struct's derivative: its fields' shadows alias as its fields do */
    double xb[N] = {0};
    memcpy(x, x0, sizeof x);
    Layer L = {x, x, N}, L_bar = {xb, xb, N};
    CHECK_CLOSE("struct grad primal", run_twice_grad(&L, &L_bar), run_twice_at(x0), 0, 0);
    fd(run_twice_at, x0, want);
    CHECK_VEC_CLOSE("struct grad vs fd", xb, want, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    /* forwarded: d/dx (w . x)^2 = 2 (w . x) w, with w as it was before the call */
    double w[N], xf[N], y1, gx[N];
    memcpy(w, x0, sizeof w);
    oracle_fill_uniform(&rng, xf, N, -1.0, 1.0);
    double dot = oracle_dot(w, xf, N);
    for (int i = 0; i < N; i++)
        want[i] = 2 * dot * x0[i];
    Layer F = {w, w, N};
    CHECK_CLOSE("forwarded primal", forwarded_grad(&F, xf, gx, &y1, N), dot * dot, 1e-15, 0);
    CHECK_VEC_CLOSE("forwarded grad (closed form)", gx, want, N, 1e-14, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
