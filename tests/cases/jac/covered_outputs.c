/*
** jac/covered_outputs: a vector sweep drops the zeroing of a pure output's
** lanes only where its one lane store, in a counted loop at the top level,
** covers every row on every iteration (vector.c's drop_covered_zeroing).
** The Jacobians go to a matrix filled with NaN first, so that a row the
** sweep neither zeroes nor writes would show: all_rows (y[3 v + k] for
** every v, k: zeroing dropped) and rows_1 (y[v]: dropped) against central
** differences; some_rows (the loop stops one row early), cond_rows (a row
** stored under an if), early_out (a return before the loop) and
** break_rows (a break in the loop) keep it: their unwritten rows read 0.
*/
#include <math.h>
#include "ccad_oracle.h"

enum { NX = 5, NV = 4 };

void all_rows(int nv, const double *x, double *y)
{
    for (int v = 0; v < nv; v++)
        for (int k = 0; k < 3; k++) y[3 * v + k] = sin(x[(v + k) % NX]) * x[k];
}

void rows_1(int nv, const double *x, double *y)
{
    for (int v = 0; v < nv; v++) {
        double t = x[v % NX] * x[(v + 1) % NX];
        y[v] = t / (1.0 + x[0] * x[0]);
    }
}

void some_rows(int nv, const double *x, double *y)
{
    for (int v = 0; v < nv - 1; v++) y[v] = x[v % NX] * x[(v + 2) % NX];
}

void cond_rows(int nv, const double *x, double *y)
{
    for (int v = 0; v < nv; v++)
        if (v % 2 == 0) y[v] = exp(x[v % NX]);
}

void early_out(int nv, const double *x, double *y)
{
    if (x[0] > 100.0) return;
    for (int v = 0; v < nv; v++) y[v] = x[v % NX] * x[v % NX];
}

void break_rows(int nv, const double *x, double *y)
{
    for (int v = 0; v < nv; v++) {
        if (v == 2) break;
        y[v] = cos(x[v % NX]);
    }
}

#pragma ad jacfwd(all_rows) wrt(x[NX]) out(y[3 * nv])
#pragma ad jacfwd(rows_1) wrt(x[NX]) out(y[nv])
#pragma ad jacfwd(some_rows) wrt(x[NX]) out(y[nv])
#pragma ad jacfwd(cond_rows) wrt(x[NX]) out(y[nv])
#pragma ad jacfwd(early_out) wrt(x[NX]) out(y[nv])
#pragma ad jacfwd(break_rows) wrt(x[NX]) out(y[nv])

#include "covered_outputs.ad.h"

typedef void (*fn)(int, const double *, double *);
typedef void (*jac_fn)(int, const double *, double *, double *);
typedef struct Ctx {
    fn f;
    int m;
} Ctx;

static void flat(void *c, const double *x, double *y)
{
    const Ctx *k = c;
    for (int i = 0; i < k->m; i++) y[i] = 0.0;  /* (rows f leaves: 0 in both) */
    k->f(NV, x, y);
}

static void check(const char *label, fn f, jac_fn jf, int m)
{
    double x[NX], y[3 * NV], J[3 * NV * NX], e[NX] = {0}, fd[3 * NV], col[3 * NV];
    for (int j = 0; j < NX; j++) x[j] = 0.4 + 0.3 * sin(2.1 * j);
    for (int i = 0; i < m * NX; i++) J[i] = NAN;
    for (int i = 0; i < m; i++) y[i] = 0.0;
    jf(NV, x, y, J);
    Ctx c = {f, m};
    for (int j = 0; j < NX; j++) {
        e[j] = 1.0;
        oracle_fd_jvp(flat, &c, NX, m, x, e, fd);
        e[j] = 0.0;
        for (int i = 0; i < m; i++) col[i] = J[i * NX + j];
        CHECK_VEC_CLOSE(label, col, fd, m, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
}

int main(void)
{
    check("all_rows", all_rows, all_rows_jacfwd, 3 * NV);
    check("rows_1", rows_1, rows_1_jacfwd, NV);
    check("some_rows", some_rows, some_rows_jacfwd, NV);
    check("cond_rows", cond_rows, cond_rows_jacfwd, NV);
    check("early_out", early_out, early_out_jacfwd, NV);
    check("break_rows", break_rows, break_rows_jacfwd, NV);
    return oracle_result();
}
