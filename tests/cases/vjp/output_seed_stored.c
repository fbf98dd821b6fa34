// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-NOT-GENERATED: memset(z_bar
// EXPECT-NOT-GENERATED: memset(w_bar
/*
** vjp/output_seed_stored: an output's seed is zero on exit (the contract)
** without the memset at f_vjp's end where f stores every element of the
** output and reads none: the backward sweep's adjoint of each store reads
** the seed and zeroes it (omp_rows_cover in analysis/omp_rows.c, zero_seed
** in transform/adjoint.c; llm.c's layernorm had a serial memset of B*T*C
** after its parallel backward loop). Kernels:
**   rows:  llm.c's shape, `#pragma omp parallel for collapse(2)`, a row
**          pointer y + b*T*C + t*C stored at [i], i < C: covered when
**          B, T, C >= 0 (a run-time test; B = -1, T = -2 makes B*T*C
**          positive with no loop run: the memset runs then);
**   fixed: z[j*4 + i] for i < 4, j < 3, out(z[12]): covered, no memset
**          at all (EXPECT-NOT-GENERATED);
**   line:  w[i] for i < n, out(w[n]): covered wherever n > 0, so no
**          memset either (n <= 0: nothing to zero);
**   gap:   y[i] for i < n-1 of out(y[n]): one seed is never zeroed by
**          the sweep; memset kept;
**   twice: y[2*i] for i < n of out(y[2*n]): half covered; memset kept;
**   reread: y[i] = x[i]; y[i] = y[i] * y[i]: reads y, memset kept;
**   konst: y[i] = 2, a constant into the output: the seed is zeroed by
**          the store's adjoint only where y's memory is varied (it is
**          here: no memset), else the memset stays; zero either way.
** Oracles: every seed zero on exit (bitwise), and x_bar against the closed
** forms, with 1, 2 and 4 threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

void rows(double *y, const double *x, int B, int T, int C)
{
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const double *xr = x + b * T * C + t * C;
            double *yr = y + b * T * C + t * C;
            for (int i = 0; i < C; i++) yr[i] = sin(xr[i]) * (double)(t + 1);
        }
    }
}

void fixed(double *z, const double *x)
{
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 3; j++) z[j * 4 + i] = x[i] * x[j];
}

void line(double *w, const double *x, int n)
{
    for (int i = 0; i < n; i++) w[i] = 3.0 * x[i];
}

void gap(double *y, const double *x, int n)
{
    for (int i = 0; i < n - 1; i++) y[i] = x[i] * x[i];
}

void twice(double *y, const double *x, int n)
{
    for (int i = 0; i < n; i++) y[2 * i] = x[i] * x[i];
}

void reread(double *y, const double *x, int n)
{
    for (int i = 0; i < n; i++) {
        y[i] = x[i];
        y[i] = y[i] * y[i];
    }
}

void konst(double *y, const double *x, double *s, int n)
{
    for (int i = 0; i < n; i++) {
        y[i] = 2.0;
        s[0] = s[0] + x[i];
    }
}

#pragma ad vjp(rows) wrt(x[B*T*C]) out(y[B*T*C])
#pragma ad vjp(fixed) wrt(x[4]) out(z[12])
#pragma ad vjp(line) wrt(x[n]) out(w[n])
#pragma ad vjp(gap) wrt(x[n]) out(y[n])
#pragma ad vjp(twice) wrt(x[n]) out(y[2*n])
#pragma ad vjp(reread) wrt(x[n]) out(y[n])
#pragma ad vjp(konst) wrt(x[n]) out(y[n], s[1])

#include "output_seed_stored.ad.h"

enum { B = 3, T = 2, C = 5, N = B * T * C };

static void run(int threads)
{
    static const double zero[2 * N];
    omp_set_num_threads(threads);
    double x[N], y[2 * N], yb[2 * N], xb[N], want[N];
    for (int k = 0; k < N; k++) x[k] = 0.1 * k - 1.3;

    for (int k = 0; k < N; k++) yb[k] = 1.0 + 0.5 * k, xb[k] = 1.0;
    for (int k = 0; k < N; k++) want[k] = 1.0 + yb[k] * cos(x[k]) * (double)((k / C) % T + 1);
    rows_vjp(y, yb, x, xb, B, T, C);
    CHECK_VEC_CLOSE("rows y_bar zero", yb, zero, N, 0, 0);
    CHECK_VEC_CLOSE("rows x_bar", xb, want, N, 1e-14, 1e-14);
    yb[0] = yb[1] = 5;
    rows_vjp(y, yb, x, xb, -1, -2, 1);  /* B*T*C = 2 seeds, no loop runs */
    CHECK_VEC_CLOSE("rows y_bar zero (negative sizes)", yb, zero, 2, 0, 0);

    double zb[12];
    for (int k = 0; k < 12; k++) zb[k] = k + 1;
    for (int k = 0; k < 4; k++) xb[k] = 0, want[k] = 0;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 3; j++) want[i] += zb[j * 4 + i] * x[j], want[j] += zb[j * 4 + i] * x[i];
    fixed_vjp(y, zb, x, xb);
    CHECK_VEC_CLOSE("fixed z_bar zero", zb, zero, 12, 0, 0);
    CHECK_VEC_CLOSE("fixed x_bar", xb, want, 4, 1e-14, 1e-14);

    for (int k = 0; k < 6; k++) yb[k] = k + 1, xb[k] = 0, want[k] = 3 * yb[k];
    line_vjp(y, yb, x, xb, 6);
    CHECK_VEC_CLOSE("line w_bar zero", yb, zero, 6, 0, 0);
    CHECK_VEC_CLOSE("line x_bar", xb, want, 6, 1e-14, 1e-14);
    line_vjp(y, yb, x, xb, 0);

    for (int k = 0; k < 6; k++) yb[k] = k + 1, xb[k] = 0, want[k] = k < 5 ? 2 * x[k] * yb[k] : 0;
    gap_vjp(y, yb, x, xb, 6);
    CHECK_VEC_CLOSE("gap y_bar zero", yb, zero, 6, 0, 0);
    CHECK_VEC_CLOSE("gap x_bar", xb, want, 6, 1e-14, 1e-14);

    for (int k = 0; k < 12; k++) yb[k] = k + 1;
    for (int k = 0; k < 6; k++) xb[k] = 0, want[k] = 2 * x[k] * yb[2 * k];
    twice_vjp(y, yb, x, xb, 6);
    CHECK_VEC_CLOSE("twice y_bar zero", yb, zero, 12, 0, 0);
    CHECK_VEC_CLOSE("twice x_bar", xb, want, 6, 1e-14, 1e-14);

    for (int k = 0; k < 6; k++) yb[k] = k + 1, xb[k] = 0, want[k] = 2 * x[k] * yb[k];
    reread_vjp(y, yb, x, xb, 6);
    CHECK_VEC_CLOSE("reread y_bar zero", yb, zero, 6, 0, 0);
    CHECK_VEC_CLOSE("reread x_bar", xb, want, 6, 1e-14, 1e-14);

    double s = 0, sb = 3;
    for (int k = 0; k < 6; k++) yb[k] = k + 1, xb[k] = 0, want[k] = 3;
    konst_vjp(y, yb, x, xb, &s, &sb, 6);
    CHECK_VEC_CLOSE("konst y_bar zero", yb, zero, 6, 0, 0);
    CHECK_VEC_CLOSE("konst x_bar", xb, want, 6, 1e-14, 1e-14);
}

int main(void)
{
    run(1);
    run(2);
    run(4);
    return oracle_result();
}
