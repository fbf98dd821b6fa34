/* grad/mlp_per_example_vla: a JAX-style MLP in C (VLA locals z[h], o[c] filled
   in loops: the forward sweep saved o[k] before its first write, reading an
   uninitialized VLA, and gcc -O1 -Wall reported '*o[label]' may be used
   uninitialized in the generated loss_grad; VLA and other aggregate locals
   without initializer now start zeroed, as fixed-size ones did). 2-D VLA weights (wrt(W1[H][D])), relu via fmax, softmax
   cross-entropy with max subtraction, grad wrt all parameters vs FD; per-example
   gradients with vmap(loss_grad) batching x, label and the weight shadows while the
   weights are shared (JAX's vmap(grad(loss), in_axes=(None, 0, 0))); vmap(loss). */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

enum { D = 3, H = 4, C = 3 };

double loss(int d, int h, int c, const double W1[h][d], const double *b1, const double W2[c][h], const double *b2,
            const double *x, int label)
{
    double z[h], o[c];
    for (int j = 0; j < h; j++) {
        double s = b1[j];
        for (int i = 0; i < d; i++) s += W1[j][i] * x[i];
        z[j] = fmax(0.0, s);
    }
    double m = -INFINITY;
    for (int k = 0; k < c; k++) {
        double s = b2[k];
        for (int j = 0; j < h; j++) s += W2[k][j] * z[j];
        o[k] = s;
        m = s > m ? s : m;
    }
    double se = 0;
    for (int k = 0; k < c; k++) se += exp(o[k] - m);
    return log(se) + m - o[label];
}

#pragma ad grad(loss) wrt(W1[h][d], b1[h], W2[c][h], b2[c])
#pragma ad vmap(loss_grad) batch(x[d], label, W1_bar[h][d], b1_bar[h], W2_bar[c][h], b2_bar[c])
#pragma ad vmap(loss) batch(x[d], label)

#include "mlp_per_example_vla.ad.h"

static double W1[H][D], b1[H], W2[C][H], b2[C];

int main(void)
{
    OracleRng r = oracle_rng(16);
    oracle_fill_uniform(&r, &W1[0][0], H * D, -1, 1);
    oracle_fill_uniform(&r, b1, H, -0.5, 0.5);
    oracle_fill_uniform(&r, &W2[0][0], C * H, -1, 1);
    oracle_fill_uniform(&r, b2, C, -0.5, 0.5);
    double x[D] = {0.4, -0.7, 1.2};
    double gW1[H][D], gb1[H], gW2[C][H], gb2[C];
    double f = loss_grad(D, H, C, (const double (*)[D])W1, gW1, b1, gb1, (const double (*)[H])W2, gW2, b2, gb2, x, 2);
    CHECK_CLOSE("primal", f, loss(D, H, C, (const double (*)[D])W1, b1, (const double (*)[H])W2, b2, x, 2), 0, 0);
    double *params[4] = {&W1[0][0], b1, &W2[0][0], b2}, *grads[4] = {&gW1[0][0], gb1, &gW2[0][0], gb2};
    int sizes[4] = {H * D, H, C * H, C};
    for (int a = 0; a < 4; a++)
        for (int j = 0; j < sizes[a]; j++) {
            double s = params[a][j], hh = 1e-6;
            params[a][j] = s + hh;
            double fp = loss(D, H, C, (const double (*)[D])W1, b1, (const double (*)[H])W2, b2, x, 2);
            params[a][j] = s - hh;
            double fm = loss(D, H, C, (const double (*)[D])W1, b1, (const double (*)[H])W2, b2, x, 2);
            params[a][j] = s;
            CHECK_CLOSE("grad vs fd", grads[a][j], (fp - fm) / (2 * hh), 1e-6, 1e-8);
        }
    enum { B = 4 };
    double X[B * D], GW1[B][H][D], GB1[B][H], GW2[B][C][H], GB2[B][C], R[B];
    int L[B] = {0, 1, 2, 1};
    oracle_fill_uniform(&r, X, B * D, -1, 1);
    loss_grad_vmap(B, D, H, C, (const double (*)[D])W1, GW1[0], b1, &GB1[0][0], (const double (*)[H])W2, GW2[0], b2,
                   &GB2[0][0], X, L, R);
    for (int e = 0; e < B; e++) {
        double r1 = loss_grad(D, H, C, (const double (*)[D])W1, gW1, b1, gb1, (const double (*)[H])W2, gW2, b2, gb2, X + e * D, L[e]);
        CHECK_CLOSE("per-example loss", R[e], r1, 0, 0);
        CHECK_VEC_CLOSE("per-example dW1", &GW1[e][0][0], &gW1[0][0], H * D, 0, 0);
        CHECK_VEC_CLOSE("per-example db1", GB1[e], gb1, H, 0, 0);
        CHECK_VEC_CLOSE("per-example dW2", &GW2[e][0][0], &gW2[0][0], C * H, 0, 0);
        CHECK_VEC_CLOSE("per-example db2", GB2[e], gb2, C, 0, 0);
    }
    double R2[B];
    loss_vmap(B, D, H, C, (const double (*)[D])W1, b1, (const double (*)[H])W2, b2, X, L, R2);
    CHECK_VEC_CLOSE("vmap loss", R2, R, B, 0, 0);
    return oracle_result();
}
