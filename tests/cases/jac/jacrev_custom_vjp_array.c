/*
** jac/jacrev_custom_vjp_array: jacrev (dense and sparse) through a
** custom_vjp rule that takes an array. The rule hands adjoint memory
** (v_bar, a frame of the backward sweep) to code that is not generated:
** it has no lanes, so the vector backward sweep (vector_rev.c) must not
** run W rows at once through it; the sweeps stay scalar, one row each.
** (Once, every row came out as the sum of all rows: [[5, -1.2],
** [5, -1.2]].) y0 = x0^2 + x1^2, y1 = 4 x0^2 + x1^2, x = (0.5, -0.3):
** J = [[1, -0.6], [4, -0.6]], closed form (exact in binary: 1e-14).
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
#pragma ad jacrev(layer) wrt(x[2]) out(y[2]) sparse name(layer_sparse)

#include "jacrev_custom_vjp_array.ad.h"

int main(void)
{
    double x[2] = {0.5, -0.3}, y[2], J[4];
    ccad_csr S = {0};
    layer_sparse(x, y, &S);
    CHECK_TRUE("sparse: dense pattern", S.nrows == 2 && S.ncols == 2 && S.nnz == 4);
    for (int k = 0; k < 2; k++) {
        if (k == 0) layer_jacrev(x, y, J);
        else
            for (int i = 0; i < 2; i++)
                for (int q = S.rowptr[i]; q < S.rowptr[i + 1]; q++) J[i * 2 + S.col[q]] = S.val[q];
        CHECK_CLOSE("y0", y[0], x[0] * x[0] + x[1] * x[1], 1e-14, 1e-14);
        CHECK_CLOSE("dy0/dx0", J[0], 2 * x[0], 1e-14, 1e-14);
        CHECK_CLOSE("dy0/dx1", J[1], 2 * x[1], 1e-14, 1e-14);
        CHECK_CLOSE("dy1/dx0", J[2], 8 * x[0], 1e-14, 1e-14);
        CHECK_CLOSE("dy1/dx1", J[3], 2 * x[1], 1e-14, 1e-14);
    }
    ccad_csr_free(&S);
    return oracle_result();
}
