/*
** vjp/output_seed_zeroed: the contract's "for outputs, r_bar holds the seed
** on entry and is zero on exit", also for output elements f never stores.
**   part: y[i] = x[i]^2 only where x[i] >= 0 (a `continue` skips the rest);
**   axpy: y[i] += a[i] * x[i] for i < n, out(y[m]) with m > n: y is read
**         (its value on entry is no input of the request) and y[n..m) is
**         never touched;
**   acc:  the same update with y in wrt(...) too (in-out): y_bar then holds
**         the adjoint of y's value on entry, as before, not zero.
** A caller that reuses y_bar as the next seed buffer (vjps accumulated over
** a batch) relies on it. Oracles: x_bar by hand (x_bar += J^T w, J
** diagonal), y_bar zero on exit (or the seed, in-out), and jvp of part
** zeroing the tangents f does not store (y_dot = 0 there), which it did
** already.
** Before: part_vjp left the seeds of the unwritten elements (y_bar = {0, 2,
** 0, 4} for the seed {1, 2, 3, 4}); axpy_vjp left every seed.
*/
#include "ccad.h"
#include "ccad_oracle.h"

void part(const double *x, int n, double *y)
{
    for (int i = 0; i < n; i++) {
        if (x[i] < 0) continue;
        y[i] = x[i] * x[i];
    }
}

void axpy(const double *a, const double *x, double *y, int n, int m)
{
    (void)m;
    for (int i = 0; i < n; i++) y[i] += a[i] * x[i];
}

void acc(const double *a, const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++) y[i] += a[i] * x[i];
}

#pragma ad vjp(part) wrt(x[n]) out(y[n])
#pragma ad jvp(part) wrt(x[n]) out(y[n])
#pragma ad vjp(axpy) wrt(x[n]) out(y[m])
#pragma ad vjp(acc) wrt(x[n], y[n]) out(y[n])

#include "output_seed_zeroed.ad.h"

int main(void)
{
    double zero[6] = {0};
    double x[4] = {0.5, -1, 2, -3}, y[4] = {9, 9, 9, 9}, yb[4] = {1, 2, 3, 4}, xb[4] = {0};
    double xd[4] = {1, 1, 1, 1}, yd[4] = {7, 7, 7, 7};
    part_vjp(x, xb, 4, y, yb);
    CHECK_VEC_CLOSE("part y_bar zero", yb, zero, 4, 0, 0);
    CHECK_VEC_CLOSE("part x_bar", xb, ((double[4]){1.0, 0, 12, 0}), 4, ORACLE_RTOL_EXACT, 0);
    part_jvp(x, xd, 4, y, yd);
    CHECK_VEC_CLOSE("part y_dot", yd, ((double[4]){1.0, 0, 4, 0}), 4, ORACLE_RTOL_EXACT, 0);

    double a[4] = {0.5, -2, 3, 0.25}, y6[6] = {1, 2, 3, 4, 5, 6}, yb6[6] = {1, -1, 2, -2, 3, -3};
    double xb2[4] = {10, 10, 10, 10};
    axpy_vjp(a, x, xb2, y6, yb6, 4, 6);
    CHECK_VEC_CLOSE("axpy y_bar zero", yb6, zero, 6, 0, 0);
    CHECK_VEC_CLOSE("axpy x_bar", xb2, ((double[4]){10 + 0.5, 10 + 2, 10 + 6, 10 - 0.5}), 4, ORACLE_RTOL_EXACT, 0);

    double y4[4] = {1, 2, 3, 4}, yb4[4] = {1, -1, 2, -2}, xb3[4] = {0}, yb4w[4] = {1, -1, 2, -2};
    acc_vjp(a, x, xb3, y4, yb4, 4);
    CHECK_VEC_CLOSE("acc y_bar (in-out: the seed)", yb4, yb4w, 4, 0, 0);
    CHECK_VEC_CLOSE("acc x_bar", xb3, ((double[4]){0.5, 2, 6, -0.5}), 4, ORACLE_RTOL_EXACT, 0);
    return oracle_result();
}
