/* jvp/outonly_entry_zero: an output in no wrt(...) is a pure output, also
** where f reads the value it holds on entry (y[i] = y[i] * x[i] + x[i]) or
** writes it on some paths only: that value is a constant, so jvp writes
** y_dot whatever the caller passed in it (NaN, 1e30) and vjp leaves y_bar
** zero (contract section 3: "r_dot (written)", "r_bar holds the seed on
** entry and is zero on exit"). With out(y[n]) the generated code zeroes
** the derivative of the entry value; without a size it cannot, and the
** request is refused unless f stores into y first on every path
** (diag/out_unsized_entry; before, the unsized form read the caller's
** y_dot as the entry value's tangent: {nan, -1e30, -25} for {2, 3, 4}).
** With y in wrt too (in-out), its shadow is read on entry: the derivative
** of the entry value is the caller's y_dot.
** Oracles: closed forms (d y_new / dx . x_dot = y_old + 1) and central
** differences of f in x (and in y for the in-out form). */
#include <math.h>
#include "ccad_oracle.h"

void scale_out(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = y[i] * x[i] + x[i];
}

void partial(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        if (x[i] > 0) y[i] = x[i] * x[i];
}

void square(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[i];
}

#pragma ad jvp(scale_out) wrt(x) out(y[n])
#pragma ad vjp(scale_out) wrt(x) out(y[n])
#pragma ad jvp(scale_out) wrt(x, y) out(y) name(scale_inout_jvp)
#pragma ad jvp(partial) wrt(x) out(y[n])
#pragma ad vjp(partial) wrt(x) out(y[n])
#pragma ad jvp(square) wrt(x) out(y)

#include "outonly_entry_zero.ad.h"

/* f in x (and y) for the differences: ctx holds y's entry values */
typedef struct Ctx { const double *y0; int inout; } Ctx;
static void scale_fd(void *ctx_, const double *in, double *out)
{
    const Ctx *c = ctx_;
    double y[3];
    for (int i = 0; i < 3; i++) y[i] = c->inout ? in[3 + i] : c->y0[i];
    scale_out(in, y, 3);
    for (int i = 0; i < 3; i++) out[i] = y[i];
}

int main(void)
{
    double x[3] = {0.5, -1, 2}, y[3] = {1, 2, 3}, xd[3] = {1, 1, 1};
    double yd[3] = {NAN, 1e30, -7};            /* garbage: r_dot is written */
    double want[3] = {2, 3, 4};                /* d(y_new)/dx . x_dot = y_old + 1 */
    double y0[3] = {1, 2, 3}, fd[3];
    scale_out_jvp(x, xd, y, yd, 3);
    CHECK_VEC_CLOSE("jvp y_dot (out only)", yd, want, 3, 1e-15, 0);
    Ctx c = {y0, 0};
    oracle_fd_jvp(scale_fd, &c, 3, 3, x, xd, fd);
    CHECK_VEC_CLOSE("jvp y_dot vs fd", yd, fd, 3, 1e-7, 1e-7);
    double y2[3] = {1, 2, 3}, xb[3] = {0, 0, 0}, yb[3] = {1, 1, 1}, zero[3] = {0, 0, 0};
    scale_out_vjp(x, xb, y2, yb, 3);
    CHECK_VEC_CLOSE("vjp x_bar", xb, want, 3, 1e-15, 0);
    CHECK_VEC_CLOSE("vjp y_bar zero on exit", yb, zero, 3, 0, 0);
    /* in-out: y's entry value is an input, its tangent read on entry */
    double y3[3] = {1, 2, 3}, yd3[3] = {0.5, 0.25, 1}, in[6] = {0.5, -1, 2, 1, 2, 3};
    double dir[6] = {1, 1, 1, 0.5, 0.25, 1}, fd6[3];
    scale_inout_jvp(x, xd, y3, yd3, 3);
    Ctx c6 = {NULL, 1};
    oracle_fd_jvp(scale_fd, &c6, 6, 3, in, dir, fd6);
    CHECK_VEC_CLOSE("in-out jvp vs fd", yd3, fd6, 3, 1e-7, 1e-7);
    /* written on some paths: the others keep a constant */
    double y4[3] = {1, 2, 3}, yd4[3] = {NAN, NAN, NAN}, want4[3] = {1, 0, 4};
    partial_jvp(x, xd, y4, yd4, 3);
    CHECK_VEC_CLOSE("partial jvp (unwritten: 0)", yd4, want4, 3, 1e-15, 0);
    double y5[3] = {1, 2, 3}, xb5[3] = {0, 0, 0}, yb5[3] = {1, 1, 1}, wantb[3] = {1, 0, 4};
    partial_vjp(x, xb5, y5, yb5, 3);
    CHECK_VEC_CLOSE("partial vjp x_bar", xb5, wantb, 3, 1e-15, 0);
    CHECK_VEC_CLOSE("partial vjp y_bar zero on exit", yb5, zero, 3, 0, 0);
    /* stored into first: no size needed */
    double y6[3], yd6[3] = {NAN, NAN, NAN}, want6[3] = {1, -2, 4};
    square_jvp(x, xd, y6, yd6, 3);
    CHECK_VEC_CLOSE("square jvp (unsized)", yd6, want6, 3, 1e-15, 0);
    return oracle_result();
}
