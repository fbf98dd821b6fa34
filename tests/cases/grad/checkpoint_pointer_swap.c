/*
** grad/checkpoint_pointer_swap: checkpointed loops whose state holds
** pointers into memory that carries derivatives, the ping-pong buffers of
** every explicit time stepper:
**   double *cur = a, *nxt = b;
**   #pragma ad checkpoint
**   for (t = 0; t < steps; t++) { step(cur, nxt); tmp = cur; cur = nxt; nxt = tmp; }
** Shapes: two pointer variables swapped through a temporary (pp); a pointer
** walking a local array and one walking the input (walk); the two pointers
** in a struct, swapped by a helper that the loop calls with the stepper
** (heat: Buf {double *cur, *nxt; int n;}, a 5-point periodic stencil);
** an array of two pointers (arrp); a malloc'd array of pointers (regp);
** an array of structs whose pointers are swapped beside a floating field
** the loop updates (cells: the shadow's floating fields are adjoints, not
** part of the state); an array of pointers inside a struct (pair);
** the ping-pong loop inside a helper that the requested function calls
** twice (outer: split reversal, the loop's state lives in the helper's
** frame).
** A snapshot saves the pointer variables the loop writes; it must save
** their shadow pointers with them (cur_bar, a struct's shadow's pointer
** fields one by one, an array of pointers' shadow array), or a load puts the primal
** pointers back while the shadows keep the end-of-loop pairing and the
** adjoints land in the other buffer. cc-ad used to save the primal
** pointers only: grad, vjp and hessian were silently wrong (pp: (0, 0, 0)
** for one step; walk: all zero; heat: wrong for every step count).
** Oracles: closed forms (pp for 1 and 2 steps; walk for 2 steps, by hand
** below), central differences (oracle_fd_grad, ORACLE_RTOL_FD: every
** function is a polynomial or sine of O(1) values over at most 8 steps),
** and the Hessian of heat against central differences of its gradient
** (rtol 1e-5: the gradient is exact, the difference quotient's truncation
** O(h^2 f'''') with h ~ 6e-6) and bit for bit against the same function
** without the pragma.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

double pp(const double *u0, double c, int steps)
{
    double *a = malloc(2 * sizeof *a), *b = malloc(2 * sizeof *b);
    a[0] = u0[0]; a[1] = u0[1];
    double *cur = a, *nxt = b;
#pragma ad checkpoint
    for (int t = 0; t < steps; t++) {
        nxt[0] = c * cur[1];
        nxt[1] = cur[0] * cur[0];
        double *tmp = cur; cur = nxt; nxt = tmp;
    }
    double s = cur[0] + 2.0 * cur[1];
    free(a); free(b);
    return s;
}

double walk(const double *x, int n)
{
    double buf[16];
    double *p = buf;
    const double *q = x;
    double acc = 1.0;
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < n; t++) {
        *p = sin(*q) * acc;
        acc += *p;
        p++; q++;
    }
    double s = 0.0;
    for (int i = 0; i < n; i++) s += buf[i] * buf[i];
    return s + acc;
}

typedef struct { double *cur, *nxt; int n; } Buf;

static void flip(Buf *b)
{
    double *t = b->cur;
    b->cur = b->nxt;
    b->nxt = t;
}

static void smooth(Buf *b, double k)
{
    for (int i = 0; i < b->n; i++) {
        double l = b->cur[(i + b->n - 1) % b->n], r = b->cur[(i + 1) % b->n];
        b->nxt[i] = b->cur[i] + k * (l - 2.0 * b->cur[i] + r) + 0.1 * b->cur[i] * b->cur[i];
    }
}

double heat(const double *u0, double k, int n, int steps)
{
    double *a = malloc(n * sizeof *a), *c = malloc(n * sizeof *c);
    memcpy(a, u0, n * sizeof *a);
    Buf b = {a, c, n};
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < steps; t++) {
        smooth(&b, k);
        flip(&b);
    }
    double s = 0.0;
    for (int i = 0; i < n; i++) s += (i + 1) * b.cur[i] * b.cur[i];
    free(a); free(c);
    return s;
}

double heat_taped(const double *u0, double k, int n, int steps)
{
    double *a = malloc(n * sizeof *a), *c = malloc(n * sizeof *c);
    memcpy(a, u0, n * sizeof *a);
    Buf b = {a, c, n};
    for (int t = 0; t < steps; t++) {
        smooth(&b, k);
        flip(&b);
    }
    double s = 0.0;
    for (int i = 0; i < n; i++) s += (i + 1) * b.cur[i] * b.cur[i];
    free(a); free(c);
    return s;
}

double arrp(const double *x, int steps)
{
    double a[3], b[3];
    double *bufs[2] = {a, b};
    for (int i = 0; i < 3; i++) a[i] = x[i];
#pragma ad checkpoint
    for (int t = 0; t < steps; t++) {
        for (int i = 0; i < 3; i++)
            bufs[1][i] = bufs[0][(i + 1) % 3] * bufs[0][i] + 0.5 * bufs[0][i];
        double *tmp = bufs[0]; bufs[0] = bufs[1]; bufs[1] = tmp;
    }
    return bufs[0][0] + 2.0 * bufs[0][1] + 3.0 * bufs[0][2];
}

double regp(const double *x, int steps)
{
    double a[3], b[3];
    double **rows = malloc(2 * sizeof *rows);
    rows[0] = a; rows[1] = b;
    for (int i = 0; i < 3; i++) a[i] = x[i];
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < steps; t++) {
        for (int i = 0; i < 3; i++)
            rows[1][i] = rows[0][(i + 1) % 3] * rows[0][i] + 0.5 * rows[0][i];
        double *tmp = rows[0]; rows[0] = rows[1]; rows[1] = tmp;
    }
    double s = rows[0][0] + 2.0 * rows[0][1] + 3.0 * rows[0][2];
    free(rows);
    return s;
}

/* pointers beside floating fields (whose shadows are adjoints, not
 * addresses), in an array of structs; an array of pointers in a struct */
typedef struct { double *p; double w; } Cell;
typedef struct { double *buf[2]; int n; } Pair;

double cells(const double *x, int steps)
{
    double a[2], b[2];
    Cell cs[2] = {{a, x[2]}, {b, 0.5}};
    a[0] = x[0]; a[1] = x[1];
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < steps; t++) {
        cs[1].p[0] = cs[0].p[1] * cs[0].p[0] + cs[0].w;
        cs[1].p[1] = sin(cs[0].p[0]) * cs[1].w;
        cs[0].w = cs[0].w * cs[1].p[1] + 0.25;
        double *tmp = cs[0].p; cs[0].p = cs[1].p; cs[1].p = tmp;
    }
    return cs[0].p[0] + 2.0 * cs[0].p[1] + cs[0].w * cs[0].p[1];
}

double pair(const double *x, int steps)
{
    double a[3], b[3];
    Pair q = {{a, b}, 3};
    for (int i = 0; i < 3; i++) a[i] = x[i];
#pragma ad checkpoint
    for (int t = 0; t < steps; t++) {
        for (int i = 0; i < q.n; i++)
            q.buf[1][i] = q.buf[0][(i + 2) % q.n] * q.buf[0][i] - 0.3 * q.buf[0][i];
        double *tmp = q.buf[0]; q.buf[0] = q.buf[1]; q.buf[1] = tmp;
    }
    return q.buf[0][0] * q.buf[0][1] + q.buf[0][2];
}

static double inner(const double *x, int steps)
{
    double a[3], b[3];
    double *cur = a, *nxt = b;
    for (int i = 0; i < 3; i++) a[i] = x[i];
#pragma ad checkpoint
    for (int t = 0; t < steps; t++) {
        for (int i = 0; i < 3; i++)
            nxt[i] = cur[(i + 1) % 3] * cur[i] + 0.5 * cur[i];
        double *tmp = cur; cur = nxt; nxt = tmp;
    }
    return cur[0] + 2.0 * cur[1] + 3.0 * cur[2];
}

double outer(const double *x, int steps)
{
    double y = inner(x, steps);
    return y * y + inner(x, 1);
}

#pragma ad grad(pp) wrt(u0[2], c)
#pragma ad grad(walk) wrt(x[n])
#pragma ad grad(heat) wrt(u0[n], k)
#pragma ad hessian(heat) wrt(u0[n])
#pragma ad hessian(heat_taped) wrt(u0[n])
#pragma ad grad(arrp) wrt(x[3])
#pragma ad grad(regp) wrt(x[3])
#pragma ad grad(outer) wrt(x[3])
#pragma ad grad(cells) wrt(x[3])
#pragma ad grad(pair) wrt(x[3])

#include "checkpoint_pointer_swap.ad.h"

enum { NH = 5 };
typedef struct { int steps; } Ctx;

/* x = (u0[0 .. NH), k) */
static void heat_flat(void *ctx, const double *x, double *y)
{
    *y = heat(x, x[NH], NH, ((Ctx *)ctx)->steps);
}

static void heat_grad_flat(void *ctx, const double *x, double *y)
{
    double k;
    heat_grad(x, y, 0.2, &k, NH, ((Ctx *)ctx)->steps);
}

static void walk_flat(void *ctx, const double *x, double *y) { (void)ctx; *y = walk(x, 5); }
static void arrp_flat(void *ctx, const double *x, double *y) { *y = arrp(x, ((Ctx *)ctx)->steps); }
static void regp_flat(void *ctx, const double *x, double *y) { *y = regp(x, ((Ctx *)ctx)->steps); }
static void cells_flat(void *ctx, const double *x, double *y) { *y = cells(x, ((Ctx *)ctx)->steps); }
static void pair_flat(void *ctx, const double *x, double *y) { *y = pair(x, ((Ctx *)ctx)->steps); }
static void outer_flat(void *ctx, const double *x, double *y) { *y = outer(x, ((Ctx *)ctx)->steps); }

int main(void)
{
    char label[64];
    double u[2] = {0.3, -0.4}, c = 0.7, g[2], gc;
    /* steps = 1: s = c u1 + 2 u0^2 */
    pp_grad(u, g, c, &gc, 1);
    CHECK_CLOSE("pp 1 step du0", g[0], 4 * u[0], 1e-14, 0);
    CHECK_CLOSE("pp 1 step du1", g[1], c, 1e-14, 0);
    CHECK_CLOSE("pp 1 step dc", gc, u[1], 1e-14, 0);
    /* steps = 2: (c u1, u0^2) -> (c u0^2, c^2 u1^2): s = c u0^2 + 2 c^2 u1^2 */
    pp_grad(u, g, c, &gc, 2);
    CHECK_CLOSE("pp 2 step du0", g[0], 2 * c * u[0], 1e-14, 0);
    CHECK_CLOSE("pp 2 step du1", g[1], 4 * c * c * u[1], 1e-14, 0);
    CHECK_CLOSE("pp 2 step dc", gc, u[0] * u[0] + 4 * c * u[1] * u[1], 1e-14, 0);

    /* walk, 2 steps: b0 = sin x0, acc = 1 + b0, b1 = sin(x1) acc, f = b0^2 + b1^2 + acc + b1 */
    double x[5] = {0.3, -0.4, 0.8, 0.1, -0.6}, gw[5], fd[6];
    walk_grad(x, gw, 2);
    double s0 = sin(x[0]), c0 = cos(x[0]), s1 = sin(x[1]), c1 = cos(x[1]);
    double acc = 1.0 + s0, b1 = s1 * acc;
    double df_db1 = 2.0 * b1 + 1.0;
    CHECK_CLOSE("walk dx0", gw[0], (2.0 * s0 + 1.0 + df_db1 * s1) * c0, 1e-12, 1e-14);
    CHECK_CLOSE("walk dx1", gw[1], df_db1 * c1 * acc, 1e-12, 1e-14);
    /* 5 steps, 2 snapshots: the walking pointers are loaded back mid-way */
    walk_grad(x, gw, 5);
    oracle_fd_grad(walk_flat, NULL, 5, x, fd);
    CHECK_VEC_CLOSE("walk 5 steps", gw, fd, 5, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    /* heat: the struct's pointers, for every step count up to 8 */
    double xh[NH + 1] = {0.3, -0.4, 0.8, 0.1, -0.2, 0.2}, gh[NH + 1];
    for (int steps = 0; steps <= 8; steps++) {
        Ctx ctx = {steps};
        heat_grad(xh, gh, xh[NH], &gh[NH], NH, steps);
        oracle_fd_grad(heat_flat, &ctx, NH + 1, xh, fd);
        snprintf(label, sizeof label, "heat grad, %d steps", steps);
        CHECK_VEC_CLOSE(label, gh, fd, NH + 1, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
    for (int steps = 0; steps <= 4; steps++) {
        Ctx ctx = {steps};
        double H[NH * NH], Ht[NH * NH], col[NH];
        heat_hessian(xh, 0.2, NH, steps, H);
        heat_taped_hessian(xh, 0.2, NH, steps, Ht);
        snprintf(label, sizeof label, "heat hessian = untaped, %d steps", steps);
        CHECK_VEC_CLOSE(label, H, Ht, NH * NH, 0, 0);
        for (int j = 0; j < NH; j++) {
            double v[NH] = {0};
            v[j] = 1.0;
            oracle_fd_jvp(heat_grad_flat, &ctx, NH, NH, xh, v, col);
            for (int i = 0; i < NH; i++) {
                snprintf(label, sizeof label, "heat H[%d][%d], %d steps", i, j, steps);
                CHECK_CLOSE(label, H[i * NH + j], col[i], 1e-5, 1e-7);
            }
        }
    }

    /* an array of pointers, a malloc'd one, and a split helper */
    double x3[3] = {0.3, -0.4, 0.8}, g3[3], fd3[3];
    for (int steps = 0; steps <= 5; steps++) {
        Ctx ctx = {steps};
        arrp_grad(x3, g3, steps);
        oracle_fd_grad(arrp_flat, &ctx, 3, x3, fd3);
        snprintf(label, sizeof label, "arrp, %d steps", steps);
        CHECK_VEC_CLOSE(label, g3, fd3, 3, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        regp_grad(x3, g3, steps);
        oracle_fd_grad(regp_flat, &ctx, 3, x3, fd3);
        snprintf(label, sizeof label, "regp, %d steps", steps);
        CHECK_VEC_CLOSE(label, g3, fd3, 3, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        cells_grad(x3, g3, steps);
        oracle_fd_grad(cells_flat, &ctx, 3, x3, fd3);
        snprintf(label, sizeof label, "cells, %d steps", steps);
        CHECK_VEC_CLOSE(label, g3, fd3, 3, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        pair_grad(x3, g3, steps);
        oracle_fd_grad(pair_flat, &ctx, 3, x3, fd3);
        snprintf(label, sizeof label, "pair, %d steps", steps);
        CHECK_VEC_CLOSE(label, g3, fd3, 3, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        outer_grad(x3, g3, steps);
        oracle_fd_grad(outer_flat, &ctx, 3, x3, fd3);
        snprintf(label, sizeof label, "outer, %d steps", steps);
        CHECK_VEC_CLOSE(label, g3, fd3, 3, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
    return oracle_result();
}
