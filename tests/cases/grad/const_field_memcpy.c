/*
** grad/const_field_memcpy: memcpy out of a struct's `const double *` field
** (`memcpy(w, m->W, sizeof w)`). The backward sweep moves w's adjoint into
** the source's shadow, `m_bar->W`, which has the field's const type: the
** accumulation must write through a writable cast, or the generated code
** does not compile ("assignment of read-only location"). Requests grad,
** jvp, hessian, jacrev and hvp all go through it.
** Oracle: the closed-form gradient of sum_i (b_i + sum_j W_ij x_j)^2 / 2;
** the hessian, jacrev row and hvp against it (the hessian in W is
** x x^T per row block, known in closed form).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
typedef struct { const double *W, *b; } Layer;
static double layer_loss(const Layer *m, const double *x)
{
    double w[6], L = 0.0;
    memcpy(w, m->W, sizeof w);
    for (int i = 0; i < 2; i++) {
        double z = m->b[i];
        for (int j = 0; j < 3; j++) z += w[3 * i + j] * x[j];
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
#pragma ad jvp(loss) wrt(params)
#pragma ad hessian(loss) wrt(params[8])
#pragma ad jacrev(loss) wrt(params[8])
#pragma ad hvp(loss) wrt(params[8])
#include "const_field_memcpy.ad.h"
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
    double J[8], H[64], v[8] = {1, -1, 0.5, 2, 0, 0.25, -0.5, 1}, hv[8];
    loss_jacrev(p, x, J);
    CHECK_VEC_CLOSE("jacrev = grad", J, g, 8, 1e-12, 1e-15);
    loss_hessian(p, x, H);
    loss_hvp(p, v, hv, x);
    for (int r = 0; r < 8; r++) {
        double hvr = 0.0;
        for (int c = 0; c < 8; c++) {
            /* z_i = b_i + W_i . x: d2L = sum_i grad z_i grad z_i^T */
            double want = 0.0;
            for (int i = 0; i < 2; i++) {
                double zr = r == 6 + i ? 1.0 : (r >= 3 * i && r < 3 * i + 3 ? x[r - 3 * i] : 0.0);
                double zc = c == 6 + i ? 1.0 : (c >= 3 * i && c < 3 * i + 3 ? x[c - 3 * i] : 0.0);
                want += zr * zc;
            }
            CHECK_CLOSE("hessian", H[r * 8 + c], want, 1e-12, 1e-15);
            hvr += want * v[c];
        }
        CHECK_CLOSE("hvp", hv[r], hvr, 1e-12, 1e-15);
    }
    return oracle_result();
}
