/*
** vjp/may_alias: the no-overlap rule and may_alias(p, q).
** relax(u, v, b, n) is a Jacobi sweep when u and v are apart and a
** Gauss-Seidel sweep when the caller passes the same array twice (the
** in-place update relax(u, u, b, n)): with may_alias(u, v) the derivatives
** follow the memory as it is shared, so relax_jvp(u, u_dot, u, u_dot, ...)
** and relax_vjp(u, u_bar, u, u_bar, ...) differentiate the in-place sweep
** (one shadow array: tangent in, tangent out; seed in, adjoint out), and
** the same functions still differentiate the sweep on separate arrays.
** energy(x, w, n) (grad) writes w, which may be x. smooth(a, n) calls a
** helper in place, scale_into(t, t, n): inside the file cc-ad sees the
** overlap itself and needs no clause.
** Oracles: central differences (h ~ 6e-6, error O(h^2), ORACLE_RTOL_FD)
** of wrappers that copy the inputs and make the aliased call; vjp against
** jvp by the dot-product test (1e-12).
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 6

void relax(const double *u, double *v, const double *b, int n)
{
    for (int i = 0; i < n; i++) {
        double left = i > 0 ? u[i - 1] : 0.0, right = i + 1 < n ? u[i + 1] : 0.0;
        v[i] = 0.5 * (left + right) + b[i] * sin(u[i]);
    }
}

double energy(const double *x, double *w, int n)
{
    double e = 0;
    for (int i = 0; i < n; i++) {
        w[i] = x[(i + 1) % n] * x[i];
        e += w[i] * x[(i + 2) % n];
    }
    return e;
}

static void scale_into(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = exp(x[i]) * x[(i + 1) % n];
}

double smooth(const double *a, int n)
{
    double t[N];
    for (int i = 0; i < n; i++)
        t[i] = a[i];
    scale_into(t, t, n);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += t[i] * t[i];
    return s;
}

#pragma ad jvp(relax) wrt(u[n], b[n]) out(v[n]) may_alias(u, v)
#pragma ad vjp(relax) wrt(u[n], b[n]) out(v[n]) may_alias(u, v)
#pragma ad grad(energy) wrt(x[n], w[n]) may_alias(x, w)
#pragma ad grad(smooth) wrt(a[n])
#pragma ad jvp(smooth) wrt(a[n])

#include "may_alias.ad.h"

static double b0[N];

/* y = the in-place sweep of x: x and b are the inputs */
static void inplace(const double *x, const double *b, double *y)
{
    memcpy(y, x, N * sizeof *y);
    relax(y, y, b, N);
}

static double energy_inplace(const double *x)
{
    double t[N];
    memcpy(t, x, sizeof t);
    return energy(t, t, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(7);
    double u[N], du[N], db[N], w[N], J[N][2 * N];
    oracle_fill_uniform(&rng, u, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, b0, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, du, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, db, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, w, N, -1.0, 1.0);

    /* the in-place sweep's Jacobian by differences: columns u, then b */
    for (int j = 0; j < 2 * N; j++) {
        double up[N], um[N], bp[N], bm[N], yp[N], ym[N];
        memcpy(up, u, sizeof u);
        memcpy(um, u, sizeof u);
        memcpy(bp, b0, sizeof b0);
        memcpy(bm, b0, sizeof b0);
        double *p = j < N ? &up[j] : &bp[j - N], *m = j < N ? &um[j] : &bm[j - N];
        double h = oracle_fd_step(*p, DBL_EPSILON);
        *p += h;
        *m -= h;
        inplace(up, bp, yp);
        inplace(um, bm, ym);
        for (int i = 0; i < N; i++)
            J[i][j] = (yp[i] - ym[i]) / (2 * h);
    }
    double want[N], jv[N];
    inplace(u, b0, want);
    for (int i = 0; i < N; i++) {
        jv[i] = 0;
        for (int j = 0; j < N; j++)
            jv[i] += J[i][j] * du[j] + J[i][N + j] * db[j];
    }

    /* jvp in place: one tangent array, in and out */
    double t[N], t_dot[N];
    memcpy(t, u, sizeof t);
    memcpy(t_dot, du, sizeof t_dot);
    relax_jvp(t, t_dot, t, t_dot, b0, db, N);
    CHECK_VEC_CLOSE("jvp in place: primal", t, want, N, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("jvp in place vs fd", t_dot, jv, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    /* vjp in place: the seed in, the adjoint of the input out */
    double t_bar[N], b_bar[N] = {0};
    memcpy(t, u, sizeof t);
    memcpy(t_bar, w, sizeof t_bar);
    relax_vjp(t, t_bar, t, t_bar, b0, b_bar, N);
    CHECK_VEC_CLOSE("vjp in place: primal", t, want, N, ORACLE_RTOL_EXACT, 0);
    double lhs = oracle_dot(w, t_dot, N), rhs = oracle_dot(t_bar, du, N) + oracle_dot(b_bar, db, N);
    CHECK_CLOSE("dot test in place", lhs, rhs, ORACLE_RTOL_DOT, 1e-14);
    for (int j = 0; j < N; j++) {
        double col = 0;
        for (int i = 0; i < N; i++) col += w[i] * J[i][j];
        CHECK_CLOSE("vjp in place vs fd", t_bar[j], col, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());

    /* the same functions on separate arrays: the Jacobi sweep */
    double v[N], v_dot[N], v_bar[N], u_bar[N] = {0}, b_bar2[N] = {0};
    relax_jvp(u, du, v, v_dot, b0, db, N);
    double fdv[N], up[N], um[N], bp[N], bm[N], yp[N], ym[N], h = 1e-6;
    for (int k = 0; k < N; k++) {
        up[k] = u[k] + h * du[k];
        um[k] = u[k] - h * du[k];
        bp[k] = b0[k] + h * db[k];
        bm[k] = b0[k] - h * db[k];
    }
    relax(up, yp, bp, N);
    relax(um, ym, bm, N);
    for (int i = 0; i < N; i++)
        fdv[i] = (yp[i] - ym[i]) / (2 * h);
    CHECK_VEC_CLOSE("jvp apart vs fd", v_dot, fdv, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    memcpy(v_bar, w, sizeof v_bar);
    relax_vjp(u, u_bar, v, v_bar, b0, b_bar2, N);
    CHECK_CLOSE("dot test apart", oracle_dot(w, v_dot, N), oracle_dot(u_bar, du, N) + oracle_dot(b_bar2, db, N),
                ORACLE_RTOL_DOT, 1e-14);
    CHECK_VEC_CLOSE("vjp apart: seed zeroed", v_bar, (double[N]){0}, N, 0, 0);

    /* grad, in place: energy(x, x), one gradient array for both */
    double x[N], g[N], fd[N];
    memcpy(x, u, sizeof x);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N];
        memcpy(xp, x, sizeof x);
        memcpy(xm, x, sizeof x);
        double hj = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] += hj;
        xm[j] -= hj;
        fd[j] = (energy_inplace(xp) - energy_inplace(xm)) / (2 * hj);
    }
    memcpy(t, u, sizeof t);
    double e = energy_grad(t, g, t, g, N);
    CHECK_CLOSE("grad in place: primal", e, energy_inplace(u), ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("grad in place vs fd", g, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    /* an in-place call inside the file: no clause needed */
    double sg[N], s_dot = 0;
    smooth_grad(u, sg, N);
    for (int j = 0; j < N; j++) {
        double ap[N], am[N];
        memcpy(ap, u, sizeof u);
        memcpy(am, u, sizeof u);
        double hj = oracle_fd_step(u[j], DBL_EPSILON);
        ap[j] += hj;
        am[j] -= hj;
        fd[j] = (smooth(ap, N) - smooth(am, N)) / (2 * hj);
    }
    CHECK_VEC_CLOSE("smooth grad vs fd", sg, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    smooth_jvp(u, du, N, &s_dot);
    CHECK_CLOSE("smooth jvp vs grad", s_dot, oracle_dot(sg, du, N), ORACLE_RTOL_DOT, 1e-14);
    CHECK_TRUE("tape empty at the end", ccad_tape_empty());
    return oracle_result();
}
