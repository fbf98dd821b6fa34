/* nested spellings around a vector function with an output pointer:
   vjp(jvp(F)) (the gradient of <w, J v> wrt x), jacfwd(jvp(F)) (d(Jv)/dx) and
   jvp(vjp(F)) (the tangent of J^T w): all are sums of w_i H_i v, closed forms.
   jacfwd(jvp(F)) needs out(y[2]): y_dot has as many rows as y (without the size it
   was taken as y_dot[1], one row of two; now an error, diag/nested_unsized_output). */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

void F(const double *x, double *y)
{
    y[0] = x[0] * x[1] * x[2];
    y[1] = sin(x[0]) * x[2];
}

#pragma ad vjp(jvp(F)) wrt(x[3]) out(y[2])
#pragma ad jacfwd(jvp(F)) wrt(x[3]) out(y[2])
#pragma ad jvp(vjp(F)) wrt(x[3])

#include "nested_forward_reverse.ad.h"

int main(void)
{
    const double x[3] = {0.7, -1.2, 2.5}, v[3] = {0.5, 1.5, -1.0}, w[2] = {2.0, -0.75};
    const double H0[9] = {0, x[2], x[1], x[2], 0, x[0], x[1], x[0], 0};
    const double H1[9] = {-sin(x[0]) * x[2], 0, cos(x[0]), 0, 0, 0, cos(x[0]), 0, 0};
    double H0v[3] = {0}, H1v[3] = {0}, want[3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) { H0v[i] += H0[i * 3 + j] * v[j]; H1v[i] += H1[i * 3 + j] * v[j]; }
    for (int i = 0; i < 3; i++) want[i] = w[0] * H0v[i] + w[1] * H1v[i];
    double xb[3] = {0}, y[2], yd[2], ydb[2] = {w[0], w[1]};
    F_jvp_vjp(x, xb, v, y, yd, ydb);
    CHECK_VEC_CLOSE("vjp(jvp(F)) = sum w_i H_i v", xb, want, 3, 1e-12, 1e-14);
    const double ydw[2] = {x[1] * x[2] * v[0] + x[0] * x[2] * v[1] + x[0] * x[1] * v[2], cos(x[0]) * x[2] * v[0] + sin(x[0]) * v[2]};
    CHECK_VEC_CLOSE("vjp(jvp(F)) y_dot", yd, ydw, 2, 1e-12, 1e-14);
    double J[6];
    F_jvp_jacfwd(x, v, y, yd, J);
    CHECK_VEC_CLOSE("jacfwd(jvp(F)) row 0 = H0 v", J, H0v, 3, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jacfwd(jvp(F)) row 1 = H1 v", J + 3, H1v, 3, 1e-12, 1e-14);
    double xb2[3] = {0}, xbd[3] = {0}, yb[2] = {w[0], w[1]};
    F_vjp_jvp(x, v, xb2, xbd, y, yb);
    CHECK_VEC_CLOSE("jvp(vjp(F)) = sum w_i H_i v", xbd, want, 3, 1e-12, 1e-14);
    const double JTw[3] = {w[0] * x[1] * x[2] + w[1] * cos(x[0]) * x[2], w[0] * x[0] * x[2], w[0] * x[0] * x[1] + w[1] * sin(x[0])};
    CHECK_VEC_CLOSE("jvp(vjp(F)) x_bar = J^T w", xb2, JTw, 3, 1e-12, 1e-14);
    return oracle_result();
}
