/*
** jac/jacrev_lanes: vector reverse mode. jacrev runs f's forward sweep
** once and a backward sweep per group of 8 outputs, each adjoint carrying
** 8 lanes (x_bar[i][lane]; the tape's pops and the primal values they
** restore once per sweep, tool/transform/vector_rev.c). Shapes: 11
** residuals (a full and a partial sweep) of a curve fit written as
** MINPACK-style code (a helper called in the loop, whose backward function
** takes adjoints too; a scalar input); a step that updates its state in
** place and returns an energy (an in-out block and the return value as
** outputs, 4 rows); MINPACK-style residuals with sizes that are not
** constants (8 lanes; a 1-based helper, a recursive one, a while loop);
** 16 outputs (one sweep of 16); the same fit in float.
** Oracles: jacfwd (an independent mode, 1e-12), vjp row by row (the
** scalar backward sweep), central differences (ORACLE_RTOL_FD); f's
** outputs after jacrev are f's; the tape is empty after each call.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

static double basis(const double *p, double t, int n)
{
    double s = 0, tk = 1;
    for (int k = 0; k < n; k++) {
        s += p[k] * tk;
        tk *= t;
    }
    return s;
}

/* r[i] = exp(-c t_i) basis(p, t_i) - data_i, i = 0 .. m-1 */
void residuals(const double *p, double c, double *r, int m, int n)
{
    for (int i = 0; i < m; i++) {
        double t = 0.1 * (i + 1);
        double data = 1.0 / (1.0 + t * t);
        r[i] = exp(-c * t) * basis(p, t, n) - data;
    }
}

/* one symplectic-Euler step of a pendulum chain; returns its energy */
double step(double *state, const double *w, int k)
{
    double e = 0;
    for (int j = 0; j < k; j++) {
        state[k + j] -= 0.1 * w[0] * sin(state[j]);
        state[j] += 0.1 * w[1] * state[k + j];
        e += 0.5 * state[k + j] * state[k + j] - w[0] * cos(state[j]);
    }
    return e;
}

/* MINPACK style: a 1-based helper (--x), a recursive one, a loop whose
 * trip count depends on the data */
static double wsum(int n, const double *x)
{
    double s = 0.0;
    --x;
    for (int i = 1; i <= n; ++i)
        s += i * x[i] * x[i];
    return s;
}

static double tree(const double *x, int n)
{
    if (n == 1) return sin(x[0]);
    int h = n / 2;
    return tree(x, h) * tree(x + h, n - h) + x[n - 1];
}

void fcn(int m, int n, const double *x, double *fvec)
{
    for (int i = 1; i <= m; ++i) {
        double t = wsum(n, x) / i + tree(x, n);
        int k = 0;
        while (t > 0.5 && k < 5) {
            t = 0.5 * t + 0.1 * x[k % n];
            k++;
        }
        fvec[i - 1] = t * x[(i - 1) % n];
    }
}

void many(const double *x, double *y)
{
    for (int i = 0; i < 16; i++) y[i] = x[i % 3] * tanh(x[(i + 1) % 3] + 0.1 * i);
}

static float basisf(const float *p, float t, int n)
{
    float s = 0, tk = 1;
    for (int k = 0; k < n; k++) {
        s += p[k] * tk;
        tk *= t;
    }
    return s;
}

void residualsf(const float *p, float c, float *r, int m, int n)
{
    for (int i = 0; i < m; i++) {
        float t = 0.1f * (float)(i + 1);
        r[i] = expf(-c * t) * basisf(p, t, n) - 1.0f / (1.0f + t * t);
    }
}

#pragma ad jacrev(residuals) wrt(p[n], c) out(r[m])
#pragma ad jacfwd(residuals) wrt(p[n], c) out(r[m])
#pragma ad vjp(residuals) wrt(p[n], c) out(r[m])
#pragma ad jacrev(step) wrt(state[2 * k], w[2]) out(state[2 * k], return)
#pragma ad jacfwd(step) wrt(state[2 * k], w[2]) out(state[2 * k], return)
#pragma ad jacrev(fcn) wrt(x[n]) out(fvec[m])
#pragma ad jacfwd(fcn) wrt(x[n]) out(fvec[m])
#pragma ad jacrev(many) wrt(x[3]) out(y[16])
#pragma ad jacfwd(many) wrt(x[3]) out(y[16])
#pragma ad jacrev(residualsf) wrt(p[n], c) out(r[m])
#pragma ad jacfwd(residualsf) wrt(p[n], c) out(r[m])

#include "jacrev_lanes.ad.h"

enum { M = 11, N = 4, C = N + 1, K = 2 };

static void flat_res(void *ctx, const double *pc, double *r)
{
    (void)ctx;
    residuals(pc, pc[N], r, M, N);
}

static void flat_step(void *ctx, const double *sw, double *out)
{
    (void)ctx;
    double s[2 * K];
    memcpy(s, sw, sizeof s);
    out[2 * K] = step(s, sw + 2 * K, K);
    memcpy(out, s, sizeof s);
}

static void flat_fcn(void *ctx, const double *x, double *f)
{
    (void)ctx;
    fcn(13, 5, x, f);
}

static void flat_many(void *ctx, const double *x, double *y)
{
    (void)ctx;
    many(x, y);
}

/* J (rows x cols) by central differences of g */
static void fd_jac(oracle_fn g, int cols, int rows, const double *at, double *J)
{
    double col[32];
    for (int c = 0; c < cols; c++) {
        double e[32] = {0};
        e[c] = 1;
        oracle_fd_jvp(g, NULL, cols, rows, at, e, col);
        for (int r = 0; r < rows; r++) J[r * cols + c] = col[r];
    }
}

int main(void)
{
    /* the fit: 11 rows, 5 columns */
    double pc[C] = {0.7, -0.3, 0.2, 0.05, 0.4}, r[M], r0[M], J[M * C], Jf[M * C], fd[M * C];
    residuals(pc, pc[N], r0, M, N);
    residuals_jacrev(pc, pc[N], r, M, N, J);
    CHECK_VEC_CLOSE("r after jacrev", r, r0, M, 0, 0);
    CHECK_TRUE("tape empty after jacrev", ccad_tape_empty());
    residuals_jacfwd(pc, pc[N], r, M, N, Jf);
    CHECK_VEC_CLOSE("fit: jacrev == jacfwd", J, Jf, M * C, ORACLE_RTOL_EXACT, 1e-14);
    for (int i = 0; i < M; i++) {
        double rb[M] = {0}, pb[N] = {0}, cb = 0, row[C];
        rb[i] = 1;
        residuals_vjp(pc, pb, pc[N], &cb, r, rb, M, N);
        memcpy(row, pb, sizeof pb);
        row[N] = cb;
        CHECK_VEC_CLOSE("fit: jacrev row == vjp", J + i * C, row, C, ORACLE_RTOL_EXACT, 1e-14);
    }
    fd_jac(flat_res, C, M, pc, fd);
    CHECK_VEC_CLOSE("fit: jacrev vs central differences", J, fd, M * C, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    /* the step: state in place (4 + 1 rows, 6 columns) */
    double sw[2 * K + 2] = {0.3, -0.5, 0.2, 0.1, 9.81, 0.9}, s[2 * K], s1[2 * K];
    double Js[(2 * K + 1) * (2 * K + 2)], Jsf[(2 * K + 1) * (2 * K + 2)], fds[(2 * K + 1) * (2 * K + 2)];
    memcpy(s1, sw, sizeof s1);
    double e1 = step(s1, sw + 2 * K, K);
    memcpy(s, sw, sizeof s);
    double e = step_jacrev(s, sw + 2 * K, K, Js);
    CHECK_VEC_CLOSE("state after jacrev", s, s1, 2 * K, 0, 0);
    CHECK_CLOSE("energy from jacrev", e, e1, 0, 0);
    memcpy(s, sw, sizeof s);
    step_jacfwd(s, sw + 2 * K, K, Jsf);
    CHECK_VEC_CLOSE("step: jacrev == jacfwd", Js, Jsf, (2 * K + 1) * (2 * K + 2), ORACLE_RTOL_EXACT, 1e-14);
    fd_jac(flat_step, 2 * K + 2, 2 * K + 1, sw, fds);
    CHECK_VEC_CLOSE("step: jacrev vs central differences", Js, fds, (2 * K + 1) * (2 * K + 2), ORACLE_RTOL_FD,
                    ORACLE_ATOL_FD);

    /* MINPACK style, 13 rows of 5 (sizes not constant: 8 lanes, two sweeps) */
    double xf[5] = {0.3, -0.4, 0.25, 0.6, -0.1}, fv[13], Jr[13 * 5], Jc[13 * 5], fdf[13 * 5];
    fcn_jacrev(13, 5, xf, fv, Jr);
    fcn_jacfwd(13, 5, xf, fv, Jc);
    CHECK_VEC_CLOSE("fcn: jacrev == jacfwd", Jr, Jc, 13 * 5, ORACLE_RTOL_EXACT, 1e-14);
    fd_jac(flat_fcn, 5, 13, xf, fdf);
    CHECK_VEC_CLOSE("fcn: jacrev vs central differences", Jr, fdf, 13 * 5, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    /* 16 outputs: one sweep of 16 lanes */
    double x[3] = {0.4, -0.7, 1.1}, y[16], Jm[16 * 3], Jmf[16 * 3], fdm[16 * 3];
    many_jacrev(x, y, Jm);
    many_jacfwd(x, y, Jmf);
    CHECK_VEC_CLOSE("many: jacrev == jacfwd", Jm, Jmf, 16 * 3, ORACLE_RTOL_EXACT, 1e-14);
    fd_jac(flat_many, 3, 16, x, fdm);
    CHECK_VEC_CLOSE("many: jacrev vs central differences", Jm, fdm, 16 * 3, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    /* float: jacrev against jacfwd (both float; 1e-5) */
    float pf[C] = {0.7f, -0.3f, 0.2f, 0.05f, 0.4f}, rf[M], Jff[M * C], Jfr[M * C];
    residualsf_jacrev(pf, pf[N], rf, M, N, Jfr);
    residualsf_jacfwd(pf, pf[N], rf, M, N, Jff);
    for (int i = 0; i < M * C; i++)
        CHECK_CLOSE("float: jacrev == jacfwd", Jfr[i], Jff[i], ORACLE_RTOL_FLOAT_EXACT, 1e-6);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
