/*
** grad/const_field_arg: a struct of `const double *` fields bound into a
** parameter block (`m->W`, `m->b`), the field passed as it is to a
** helper that reads it. The shadow struct has the same type, so `m_bar->W` is a
** `const double *`, but the helper's adjoint parameter `W_bar` is written:
** the generated call must pass it writable (a cast), or -Wall -Werror
** stops at "discards 'const' qualifier" (it did, in a GRU cell).
** Oracle: the closed-form gradient of sum_i (b_i + sum_j W_ij x_j)^2 / 2.
*/
#include <math.h>
#include "ccad_oracle.h"

typedef struct { const double *W, *b; } Layer;

static double row_dot(const double *w, int row, const double *x, int n)
{
    double s = 0.0;
    for (int j = 0; j < n; j++) s += w[row * n + j] * x[j];
    return s;
}
static double layer_loss(const Layer *m, const double *x)
{
    double L = 0.0;
    for (int i = 0; i < 2; i++) {
        double z = m->b[i] + row_dot(m->W, i, x, 3);
        L += 0.5 * z * z;
    }
    return L;
}
double loss(const double *params, const double *x)
{
    Layer m = {params, params + 6};
    return layer_loss(&m, x);
}
#pragma ad grad(loss) wrt(params[8])
#include "const_field_arg.ad.h"

int main(void)
{
    double p[8] = {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, -0.8}, x[3] = {1.0, 2.0, -1.5}, g[8];
    double val = loss_grad(p, g, x);
    CHECK_CLOSE("primal", val, loss(p, x), 0, 0);
    for (int i = 0; i < 2; i++) {
        double z = p[6 + i] + p[3 * i] * x[0] + p[3 * i + 1] * x[1] + p[3 * i + 2] * x[2];
        for (int j = 0; j < 3; j++) CHECK_CLOSE("dW", g[3 * i + j], z * x[j], 1e-12, 1e-15);
        CHECK_CLOSE("db", g[6 + i], z, 1e-12, 1e-15);
    }
    return oracle_result();
}
