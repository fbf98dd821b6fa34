/* OPEN (probe6): silently wrong Jacobian, jacrev (the vector backward
** sweep) through a custom_vjp rule that takes an array. Every row of the
** result is the sum of all rows. The manual (jacrev): "Where a helper
** hands adjoint memory to code that is not generated (a custom_vjp rule
** taking an array), each backward sweep computes one row". The generated
** layer_jacrev runs one sweep for both rows (layer_jacrev_sweep_bwd_w2),
** and in it
**   for (lane = 0; lane < 2; lane++) my_sq_vjp(*v, *v_bar, 2, d[lane]);
**   double inv = (*v_bar)[1];
**   for (lane = 0; lane < 2; lane++) x_bar[1][lane] += inv;
** v_bar has no lanes: the rule adds every lane's seed into one adjoint,
** which is then copied into every lane. Here y0 = x0^2 + x1^2,
** y1 = 4 x0^2 + x1^2 at x = (0.5, -0.3): J = [[1, -0.6], [4, -0.6]];
** layer_jacrev gives [[5, -1.2], [5, -1.2]]. jacfwd, hessian, hvp, grad,
** vjp and vmap(f_grad) through the same rule are right (checked against
** differences); only jacrev's lanes are wrong, the sparse jacrev too
** (same [[5, -1.2], [5, -1.2]] from a jacrev(layer) ... sparse request).
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/jacrev_custom_vjp_array.c
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double sq(const double *v, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    return s;
}

double my_sq_vjp(const double *v, double *v_bar, int n, double ret_bar)
{
    for (int i = 0; i < n; i++)
        v_bar[i] += 2.0 * v[i] * ret_bar;
    return sq(v, n);
}

#pragma ad custom_vjp(sq, my_sq_vjp)

void layer(const double *x, double *y)
{
    for (int j = 0; j < 2; j++) {
        double v[2] = {x[0] * (j + 1), x[1]};
        y[j] = sq(v, 2);
    }
}

#pragma ad jacrev(layer) wrt(x[2]) out(y[2])

#include "jacrev_custom_vjp_array.ad.h"

int main(void)
{
    double x[2] = {0.5, -0.3}, y[2], J[4];
    layer_jacrev(x, y, J);
    CHECK_CLOSE("dy0/dx0", J[0], 2 * x[0], 1e-14, 1e-14);
    CHECK_CLOSE("dy0/dx1", J[1], 2 * x[1], 1e-14, 1e-14);
    CHECK_CLOSE("dy1/dx0", J[2], 8 * x[0], 1e-14, 1e-14);
    CHECK_CLOSE("dy1/dx1", J[3], 2 * x[1], 1e-14, 1e-14);
    return oracle_result();
}
