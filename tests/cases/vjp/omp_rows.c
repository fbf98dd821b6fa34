// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_rows: parallel loops whose iterations read their own rows of an
** input (llm.c's x = inp + b*T*C + t*C) accumulate into its adjoint
** without per-thread copies or atomics, once analysis/omp_rows.c proves
** the rows apart; loops whose reads overlap across iterations keep the
** copies. Kernels:
**   rows:    b's rows [b*T*C, (b+1)*T*C), two reads per row (q[i], q[C+i])
**            of a row of width 2*C: apart;
**   stencil: x[i-1], x[i], x[i+1] for iteration i: overlap (copies);
**   spill:   x = inp + b*C read at x[i], i <= C, one into the next row:
**            overlap (copies);
**   nextrow: layernorm's x = inp + b*T*C + t*C under collapse(2), read at
**            x[i] and x[C + i]: row t + 1 is the same iteration's, except
**            after the last t, b + 1's first row: overlap (copies).
** A wrong "apart" races: the TSan twin (tsan/vjp/omp_rows) fails, and
** with 2 and 3 threads the sums lose updates.
** Oracles: J^T w against central differences of <w, f(x)> (errors of
** order h^2: ORACLE_RTOL_FD), for 1, 2 and 3 threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

void rows(double *out, const double *inp, int B, int T, int C)
{
#pragma omp parallel for
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const double *q = inp + b * T * 2 * C + t * 2 * C;
            double s = 0.0;
            for (int i = 0; i < C; i++)
                s += q[i] * sin(q[C + i]);
            out[b * T + t] = s;
        }
    }
}

void stencil(double *out, const double *x, int n)
{
#pragma omp parallel for
    for (int i = 1; i < n - 1; i++)
        out[i] = x[i - 1] * x[i - 1] - 2.0 * x[i] + exp(0.5 * x[i + 1]);
}

void spill(double *out, const double *inp, int B, int C)
{
#pragma omp parallel for
    for (int b = 0; b < B; b++) {
        const double *x = inp + b * C;
        double s = 0.0;
        for (int i = 0; i <= C; i++)
            s += x[i] * x[i] * (i + 1);
        out[b] = s;
    }
}

void nextrow(double *out, const double *inp, int B, int T, int C)
{
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const double *x = inp + b * T * C + t * C;
            double s = 0.0;
            for (int i = 0; i < C; i++)
                s += x[i] * cos(x[C + i]);
            out[b * T + t] = s;
        }
    }
}

#pragma ad vjp(rows) wrt(inp[B*T*2*C]) out(out[B*T])
#pragma ad vjp(nextrow) wrt(inp[B*T*C+C]) out(out[B*T])
#pragma ad vjp(stencil) wrt(x[n]) out(out[n])
#pragma ad vjp(spill) wrt(inp[B*C+1]) out(out[B])

#include "omp_rows.ad.h"

enum { B = 5, T = 3, C = 4, NX = B * T * 2 * C, N = 23, NS = B * C + 1 };

static double wr[B * T], ws[N], wsp[B];

static double loss_rows(const double *x)
{
    double out[B * T];
    rows(out, x, B, T, C);
    return oracle_dot(out, wr, B * T);
}

static double loss_stencil(const double *x)
{
    double out[N] = {0};
    stencil(out, x, N);
    return oracle_dot(out, ws, N);
}

static double loss_next(const double *x)
{
    double out[B * T];
    nextrow(out, x, B, T, C);
    return oracle_dot(out, wr, B * T);
}

static double loss_spill(const double *x)
{
    double out[B];
    spill(out, x, B, C);
    return oracle_dot(out, wsp, B);
}

static void fd(double (*f)(const double *), const double *x, int n, double *g)
{
    double xp[NX];
    for (int j = 0; j < n; j++) {
        memcpy(xp, x, sizeof(double) * (size_t)n);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] = x[j] + h;
        double fp = f(xp);
        xp[j] = x[j] - h;
        g[j] = (fp - f(xp)) / (2 * h);
    }
}

int main(void)
{
    OracleRng r = oracle_rng(808);
    double x[NX], xs[N], xsp[NS], g[NX], want[NX];
    oracle_fill_uniform(&r, x, NX, -1.0, 1.0);
    oracle_fill_uniform(&r, xs, N, -1.0, 1.0);
    oracle_fill_uniform(&r, xsp, NS, -1.0, 1.0);
    oracle_fill_normal(&r, wr, B * T);
    oracle_fill_normal(&r, ws, N);
    oracle_fill_normal(&r, wsp, B);
    for (int threads = 1; threads <= 3; threads++) {
        omp_set_num_threads(threads);
        double out[NX], wb[NX];

        memset(g, 0, sizeof g);
        memcpy(wb, wr, sizeof wr);
        rows_vjp(out, wb, x, g, B, T, C);
        fd(loss_rows, x, NX, want);
        CHECK_VEC_CLOSE("rows: J^T w vs differences", g, want, NX, ORACLE_RTOL_FD, 1e-9);

        memset(g, 0, sizeof g);
        memset(out, 0, sizeof out);
        memcpy(wb, ws, sizeof ws);
        stencil_vjp(out, wb, xs, g, N);
        fd(loss_stencil, xs, N, want);
        CHECK_VEC_CLOSE("stencil: J^T w vs differences", g, want, N, ORACLE_RTOL_FD, 1e-9);

        memset(g, 0, sizeof g);
        memcpy(wb, wr, sizeof wr);
        nextrow_vjp(out, wb, x, g, B, T, C);
        fd(loss_next, x, B * T * C + C, want);
        CHECK_VEC_CLOSE("nextrow: J^T w vs differences", g, want, B * T * C + C, ORACLE_RTOL_FD, 1e-9);

        memset(g, 0, sizeof g);
        memcpy(wb, wsp, sizeof wsp);
        spill_vjp(out, wb, xsp, g, B, C);
        fd(loss_spill, xsp, NS, want);
        CHECK_VEC_CLOSE("spill: J^T w vs differences", g, want, NS, ORACLE_RTOL_FD, 1e-9);
    }
    return oracle_result();
}
