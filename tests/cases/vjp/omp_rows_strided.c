// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_rows_strided: parallel loops whose rows the backward sweep may
** or may not keep apart (analysis/omp_rows.c), with the sizes that decide
** it varied at run time (probe20):
**   mm       collapse(2) over (b, t), inp rows by b alone, w shared by all
**            (the backward loops run over b; w_bar in per-thread copies);
**   strided  rows of n at a run-time stride ld: ld = n, ld > n (apart: the
**            run-time test omp_rows_apart_cond, ld >= n), ld < n and
**            ld = 0 (rows overlap: copies);
**   stencil  row i and row i + 1 (never apart: copies);
**   transp   x rows by i, y written transposed (y[j * m + i]);
**   heads    collapse(2) over (i, h), heads of hs at h * hs + off inside
**            rows of ld (apart where ld >= NH * hs, else copies);
**   twice    two loops, the stride changed between them (ld, then ld - 2:
**            each backward loop tests its own), the second reading what the
**            first wrote.
** A wrong "apart" is a race: the TSan twin (tsan/vjp/omp_rows_strided)
** fails. Oracles: J^T w against central differences of <w, f(x)>
** (ORACLE_RTOL_FD), 1 to 4 threads, 20 calls each.
*/
#include <math.h>
#include <omp.h>
#include <string.h>
#include <stdlib.h>
#include "ccad_oracle.h"

/* collapse(2): inp rows by b only, w shared by all */
void mm(double *out, const double *inp, const double *w, int B, int T, int C)
{
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            double s = 0.0;
            for (int i = 0; i < C; i++) s += inp[b * C + i] * w[t * C + i];
            out[b * T + t] = tanh(s);
        }
}

/* rows of n at a run-time stride ld (may be < n: rows overlap) */
void strided(double *y, const double *x, int m, int n, int ld)
{
#pragma omp parallel for
    for (int i = 0; i < m; i++) {
        const double *xr = x + i * ld;
        double s = 0.0;
        for (int j = 0; j < n; j++) s += xr[j] * xr[j] * (1.0 + 0.1 * j);
        y[i] = sin(s);
    }
}

/* stencil: row i and row i + 1 */
void stencil(double *y, const double *x, int m, int C)
{
#pragma omp parallel for
    for (int i = 0; i < m; i++)
        for (int j = 0; j < C; j++)
            y[i * C + j] = x[i * C + j] * cos(x[(i + 1) * C + j]);
}

/* transposed write, rows of x by i */
void transp(double *y, const double *x, int m, int C)
{
#pragma omp parallel for
    for (int i = 0; i < m; i++)
        for (int j = 0; j < C; j++)
            y[j * m + i] = sin(x[i * C + j]) * x[i * C + j];
}

/* offset rows: head h of width hs at h * hs + off inside rows of ld; two heads */
void heads(double *y, const double *x, int m, int NH, int hs, int ld, int off)
{
#pragma omp parallel for collapse(2)
    for (int i = 0; i < m; i++)
        for (int h = 0; h < NH; h++) {
            const double *q = x + i * ld + h * hs + off;
            double s = 0.0;
            for (int k = 0; k < hs; k++) s += q[k] * q[k] * q[k];
            y[i * NH + h] = s;
        }
}

/* the stride changes between two parallel loops (apart, then overlapping
 * when ld - 2 < n); the second reads what the first wrote */
void twice(double *y, double *z, const double *x, int m, int n, int ld)
{
#pragma omp parallel for
    for (int i = 0; i < m; i++) {
        double s = 0.0;
        for (int j = 0; j < n; j++) s += sin(x[i * ld + j]) * (1.0 + j);
        y[i] = s;
    }
    ld = ld - 2;
#pragma omp parallel for
    for (int i = 0; i < m; i++) {
        double s = 0.0;
        for (int j = 0; j < n; j++) s += x[i * ld + j] * x[i * ld + j] * y[i];
        z[i] = s;
    }
}

enum { M = 6, NMAX = 64 };

#pragma ad vjp(mm) wrt(inp[B*C], w[T*C]) out(out[B*T])
#pragma ad vjp(strided) wrt(x[NMAX]) out(y[m])
#pragma ad vjp(stencil) wrt(x[(m+1)*C]) out(y[m*C])
#pragma ad vjp(transp) wrt(x[m*C]) out(y[m*C])
#pragma ad vjp(twice) wrt(x[NMAX]) out(y[m], z[m])
#pragma ad vjp(heads) wrt(x[NMAX]) out(y[m*NH])

#include "omp_rows_strided.ad.h"

static double W[NMAX * 4];
static int P1, P2, P3, P4, P5, which;

static double loss(const double *x)
{
    double y[NMAX * 4];
    switch (which) {
    case 0: mm(y, x, x + P1 * P3, P1, P2, P3); return oracle_dot(y, W, P1 * P2);
    case 1: strided(y, x, P1, P2, P3); return oracle_dot(y, W, P1);
    case 2: stencil(y, x, P1, P2); return oracle_dot(y, W, P1 * P2);
    case 3: transp(y, x, P1, P2); return oracle_dot(y, W, P1 * P2);
    case 4: heads(y, x, P1, P2, P3, P4, P5); return oracle_dot(y, W, P1 * P2);
    default: twice(y, y + P1, x, P1, P2, P3); return oracle_dot(y, W, 2 * P1);
    }
}

static void fd(const double *x, int n, double *g)
{
    double xp[NMAX * 4];
    for (int j = 0; j < n; j++) {
        memcpy(xp, x, sizeof xp);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] = x[j] + h;
        double fp = loss(xp);
        xp[j] = x[j] - h;
        g[j] = (fp - loss(xp)) / (2 * h);
    }
}

static void vjp(const double *x, double *g)
{
    double y[NMAX * 4], yb[NMAX * 4];
    memcpy(yb, W, sizeof yb);
    switch (which) {
    case 0: mm_vjp(y, yb, x, g, x + P1 * P3, g + P1 * P3, P1, P2, P3); break;
    case 1: strided_vjp(y, yb, x, g, P1, P2, P3); break;
    case 2: stencil_vjp(y, yb, x, g, P1, P2); break;
    case 3: transp_vjp(y, yb, x, g, P1, P2); break;
    case 4: heads_vjp(y, yb, x, g, P1, P2, P3, P4, P5); break;
    default: twice_vjp(y, yb, y + P1, yb + P1, x, g, P1, P2, P3); break;
    }
}

static void run(const char *label, int w, int p1, int p2, int p3, int p4, int p5, int nx, const double *x)
{
    which = w; P1 = p1; P2 = p2; P3 = p3; P4 = p4; P5 = p5;
    double want[NMAX * 4], g[NMAX * 4];
    fd(x, nx, want);
    for (int th = 1; th <= 4; th++) {
        omp_set_num_threads(th);
        for (int rep = 0; rep < 20; rep++) {
            memset(g, 0, sizeof g);
            vjp(x, g);
            CHECK_VEC_CLOSE(label, g, want, nx, ORACLE_RTOL_FD, 1e-9);
        }
    }
}

int main(void)
{
    OracleRng r = oracle_rng(99);
    double x[NMAX * 4];
    oracle_fill_uniform(&r, x, NMAX * 4, -1.0, 1.0);
    oracle_fill_normal(&r, W, NMAX * 4);
    run("mm collapse(2)", 0, 4, 5, 3, 0, 0, 4 * 3 + 5 * 3, x);
    run("strided ld = n", 1, M, 5, 5, 0, 0, NMAX, x);
    run("strided ld > n", 1, M, 4, 7, 0, 0, NMAX, x);
    run("strided ld < n", 1, M, 8, 3, 0, 0, NMAX, x);
    run("strided ld = 0", 1, M, 4, 0, 0, 0, NMAX, x);
    run("stencil", 2, M, 4, 0, 0, 0, (M + 1) * 4, x);
    run("transp", 3, M, 4, 0, 0, 0, M * 4, x);
    run("heads apart", 4, M, 2, 3, 7, 1, NMAX, x);
    run("heads spill off", 4, M, 2, 3, 7, 2, NMAX, x);
    run("heads ld small", 4, M, 2, 4, 6, 0, NMAX, x);
    run("twice ld = n + 2, then n", 5, M, 4, 6, 0, 0, NMAX, x);
    run("twice ld = n + 1, then n - 1", 5, M, 4, 5, 0, 0, NMAX, x);
    run("twice ld = n, then n - 2", 5, M, 4, 4, 0, 0, NMAX, x);
    return oracle_result();
}
