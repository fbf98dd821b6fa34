/*
** grad/struct_cond_value: a struct-valued conditional expression, in every
** mode (grad, jvp, hessian of a scalar; jvp, vjp, jacfwd of a vector).
**   obj:   Acc c = i % 2 ? t : u; in a loop, and a helper returning one,
**          static Acc pick(Acc a, Acc b, int i) { return i % 2 ? a : b; };
**   blend: c = x[j] > 0.0 ? a : b; into a struct declared before the loop
**          (overwritten each iteration), and a member of a ?: as an
**          operand, (j == 1 ? a : b).q * x[j].
** Oracles: closed forms (obj = 2 x0 x1^2 + 3 x0 x1 + x1^2 x2, its hessian;
** blend's Jacobian by hand), vjp adds J^T w and zeroes y_bar.
** Before: a struct-valued ?: had no tangent (c_dot zeroed) and no adjoint
** (c_bar never reached t_bar / u_bar), silently: grad, jvp, hessian,
** jacfwd, vjp all wrong. The front end now lowers a struct (or union) ?:
** into an if on a temporary, two plain struct copies (lower_expr.c).
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef struct { double s, q; } Acc;

static Acc pick(Acc a, Acc b, int i) { return i % 2 ? a : b; }

double obj(const double *x, int n)
{
    Acc t = {x[0], x[1]};
    Acc u = {x[1] * x[1], x[0]};
    double r = 0.0;
    for (int i = 0; i < n; i++) {
        Acc c = i % 2 ? t : u;
        Acc d = pick(t, u, i + 1);
        r += c.s * x[i] + d.q * d.s;
    }
    return r;
}

void blend(const double *x, double *y, int m)
{
    Acc a = {x[0] * x[1], x[2]};
    Acc b = {sin(x[0]), x[1] * x[2]};
    Acc c;
    for (int j = 0; j < m; j++) {
        c = x[j] > 0.0 ? a : b;
        y[j] = c.s + (j == 1 ? a : b).q * x[j];
    }
}

#pragma ad grad(obj) wrt(x[n])
#pragma ad jvp(obj) wrt(x[n])
#pragma ad hessian(obj) wrt(x[n])
#pragma ad jvp(blend) wrt(x[m]) out(y[m])
#pragma ad vjp(blend) wrt(x[m]) out(y[m])
#pragma ad jacfwd(blend) wrt(x[m]) out(y[m])

#include "struct_cond_value.ad.h"

#define N 3

int main(void)
{
    double x[N] = {0.3, -0.4, 0.8};
    double x0 = x[0], x1 = x[1], x2 = x[2];
    /* obj: r = 2 x0 x1^2 + 3 x0 x1 + x1^2 x2 */
    double r = obj(x, N);
    CHECK_CLOSE("obj", r, 2 * x0 * x1 * x1 + 3 * x0 * x1 + x1 * x1 * x2, ORACLE_RTOL_EXACT, 1e-15);
    double gw[N] = {2 * x1 * x1 + 3 * x1, 4 * x0 * x1 + 3 * x0 + 2 * x1 * x2, x1 * x1};
    double g[N] = {7, 7, 7};
    double rg = obj_grad(x, g, N);
    CHECK_CLOSE("obj_grad value", rg, r, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("obj_grad", g, gw, N, ORACLE_RTOL_EXACT, 1e-15);
    double v[N] = {1, 2, 3}, rd;
    obj_jvp(x, v, N, &rd);
    CHECK_CLOSE("obj_jvp", rd, oracle_dot(gw, v, N), ORACLE_RTOL_EXACT, 1e-15);
    double H[N * N], Hw[N * N] = {0, 4 * x1 + 3, 0,
                                  4 * x1 + 3, 4 * x0 + 2 * x2, 2 * x1,
                                  0, 2 * x1, 0};
    obj_hessian(x, N, H);
    CHECK_VEC_CLOSE("obj_hessian", H, Hw, N * N, ORACLE_RTOL_EXACT, 1e-15);

    /* blend: y0 = x0 x1 + x0 x1 x2, y1 = sin x0 + x1 x2, y2 = x0 x1 + x1 x2^2 */
    double J[N * N] = {x1 + x1 * x2, x0 + x0 * x2, x0 * x1,
                       cos(x0), x2, x1,
                       x1, x0 + x2 * x2, 2 * x1 * x2};
    double y[N], yw[N] = {x0 * x1 + x0 * x1 * x2, sin(x0) + x1 * x2, x0 * x1 + x1 * x2 * x2};
    double Jg[N * N];
    blend_jacfwd(x, y, N, Jg);
    CHECK_VEC_CLOSE("blend_jacfwd y", y, yw, N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("blend_jacfwd", Jg, J, N * N, ORACLE_RTOL_EXACT, 1e-15);
    double yd[N], ydw[N];
    blend_jvp(x, v, y, yd, N);
    for (int i = 0; i < N; i++) ydw[i] = oracle_dot(J + i * N, v, N);
    CHECK_VEC_CLOSE("blend_jvp", yd, ydw, N, ORACLE_RTOL_EXACT, 1e-15);
    /* vjp adds J^T w to x_bar; the output adjoints are zero on exit */
    double w[N] = {0.5, -1.5, 2.0}, xb[N] = {1, 1, 1}, xbw[N], yb[N];
    for (int j = 0; j < N; j++) {
        xbw[j] = 1.0;
        for (int i = 0; i < N; i++) xbw[j] += J[i * N + j] * w[i];
        yb[j] = w[j];
    }
    blend_vjp(x, xb, y, yb, N);
    CHECK_VEC_CLOSE("blend_vjp", xb, xbw, N, ORACLE_RTOL_EXACT, 1e-15);
    double zero[N] = {0};
    CHECK_VEC_CLOSE("blend_vjp y_bar", yb, zero, N, 0.0, 0.0);
    return oracle_result();
}
