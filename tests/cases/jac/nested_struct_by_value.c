/* nested spellings over a struct by value: jacfwd(grad(lin)) wrt(p, x[3]) is the
   Hessian over (p.w[0..2], p.b, x[0..2]) (the struct's floating fields in order, its
   int field skipped), hessian(lin) the same; vmap(grad(lin)) batching p. */
// NO-STANDALONE-HEADER: anonymous struct typedefs (known open: header_anon_typedef_selfinclude)
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct { double w[3]; int tag; double b; } Params;

double lin(Params p, const double *x)
{
    double s = p.b;
    for (int i = 0; i < 3; i++) s += p.w[i] * x[i];
    return tanh(s);
}

#pragma ad jacfwd(grad(lin)) wrt(p, x[3])
#pragma ad hessian(lin) wrt(p, x[3])
#pragma ad vmap(grad(lin)) wrt(p, x[3]) batch(p, x[3]) name(lin_grads)

#include "nested_struct_by_value.ad.h"

int main(void)
{
    Params p = {{0.5, -0.25, 0.75}, 7, 0.1};
    const double x[3] = {0.3, -0.8, 1.1};
    double s = p.b;
    for (int i = 0; i < 3; i++) s += p.w[i] * x[i];
    double t = tanh(s), d2 = -2 * t * (1 - t * t), d1 = 1 - t * t;
    /* variables u = (w0 w1 w2 b x0 x1 x2); ds/du = (x0 x1 x2 1 w0 w1 w2) */
    double ds[7] = {x[0], x[1], x[2], 1, p.w[0], p.w[1], p.w[2]}, Hw[49];
    for (int i = 0; i < 7; i++)
        for (int j = 0; j < 7; j++) Hw[i * 7 + j] = d2 * ds[i] * ds[j];
    for (int i = 0; i < 3; i++) { Hw[i * 7 + 4 + i] += d1; Hw[(4 + i) * 7 + i] += d1; }
    double H[49], H2[49], xb[3];
    Params pb;
    lin_grad_jacfwd(p, &pb, x, xb, H);
    CHECK_VEC_CLOSE("jacfwd(grad) over struct fields", H, Hw, 49, 1e-12, 1e-14);
    lin_hessian(p, x, H2);
    CHECK_VEC_CLOSE("hessian over struct fields", H2, Hw, 49, 1e-12, 1e-14);
    Params P[2] = {p, {{1, 2, 3}, 1, -1}}, PB[2];
    double X[6] = {0.3, -0.8, 1.1, 0.1, 0.2, 0.3}, XB[6], R[2];
    lin_grads(2, P, PB, X, XB, R);
    for (int b = 0; b < 2; b++) {
        Params q;
        double xq[3];
        double r = lin_grad(P[b], &q, X + 3 * b, xq);
        CHECK_CLOSE("vmap(grad) ret", R[b], r, 0, 0);
        CHECK_TRUE("vmap(grad) p_bar", !memcmp(PB[b].w, q.w, sizeof q.w) && PB[b].b == q.b);
        CHECK_VEC_CLOSE("vmap(grad) x_bar", XB + 3 * b, xq, 3, 0, 0);
    }
    return oracle_result();
}
