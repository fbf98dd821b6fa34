// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_matmul: vjp of llm.c's matmul_forward and of a dense layer
** y = tanh(W x + b), each requested directly: the backward sweep adds into
** per-thread copies of inp_bar, weight_bar, bias_bar (their sizes are in
** the request) instead of atomic updates. Checked against llm.c's
** hand-written matmul_backward and a hand-written dense backward, under 1,
** 2 and 4 threads, with seeds accumulated into non-zero gradients.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

void matmul_forward(double *out, const double *inp, const double *weight, const double *bias, int B, int T, int C,
                    int OC)
{
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            double *out_bt = out + b * T * OC + t * OC;
            const double *inp_bt = inp + b * T * C + t * C;
            for (int o = 0; o < OC; o++) {
                double val = bias[o];
                const double *wrow = weight + o * C;
                for (int i = 0; i < C; i++) {
                    val += inp_bt[i] * wrow[i];
                }
                out_bt[o] = val;
            }
        }
    }
}

void dense(double *y, const double *x, const double *w, const double *b, int batch, int in, int out)
{
#pragma omp parallel for
    for (int n = 0; n < batch; n++) {
        for (int o = 0; o < out; o++) {
            double s = b[o];
            for (int i = 0; i < in; i++) s += w[o * in + i] * x[n * in + i];
            y[n * out + o] = tanh(s);
        }
    }
}

#pragma ad vjp(matmul_forward) wrt(inp[B*T*C], weight[OC*C], bias[OC]) out(out[B*T*OC])
#pragma ad vjp(dense) wrt(x[batch*in], w[out*in], b[out]) out(y[batch*out])

#include "omp_matmul.ad.h"

#define B 3
#define T 5
#define C 8
#define OC 6
#define NB 7
#define IN 9
#define OUT 4

int main(void)
{
    OracleRng r = oracle_rng(1407);
    static double inp[B * T * C], weight[OC * C], bias[OC], out[B * T * OC], seed[B * T * OC];
    static double g0[B * T * C + OC * C + OC], want[B * T * C + OC * C + OC], got[B * T * C + OC * C + OC];
    oracle_fill_normal(&r, inp, B * T * C);
    oracle_fill_normal(&r, weight, OC * C);
    oracle_fill_normal(&r, bias, OC);
    oracle_fill_normal(&r, seed, B * T * OC);
    oracle_fill_normal(&r, g0, B * T * C + OC * C + OC);
    /* llm.c's matmul_backward, into gradients that already hold g0 */
    memcpy(want, g0, sizeof want);
    double *dinp = want, *dweight = want + B * T * C, *dbias = dweight + OC * C;
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++)
            for (int o = 0; o < OC; o++) {
                double d = seed[b * T * OC + t * OC + o];
                for (int i = 0; i < C; i++) {
                    dinp[b * T * C + t * C + i] += weight[o * C + i] * d;
                    dweight[o * C + i] += inp[b * T * C + t * C + i] * d;
                }
                dbias[o] += d;
            }
    static double x[NB * IN], w[OUT * IN], bb[OUT], y[NB * OUT], ys[NB * OUT];
    static double h0[NB * IN + OUT * IN + OUT], hwant[NB * IN + OUT * IN + OUT], hgot[NB * IN + OUT * IN + OUT];
    oracle_fill_normal(&r, x, NB * IN);
    oracle_fill_normal(&r, w, OUT * IN);
    oracle_fill_normal(&r, bb, OUT);
    oracle_fill_normal(&r, ys, NB * OUT);
    oracle_fill_normal(&r, h0, NB * IN + OUT * IN + OUT);
    dense(y, x, w, bb, NB, IN, OUT);
    memcpy(hwant, h0, sizeof hwant);
    for (int n = 0; n < NB; n++)
        for (int o = 0; o < OUT; o++) {
            double ds = ys[n * OUT + o] * (1.0 - y[n * OUT + o] * y[n * OUT + o]);
            for (int i = 0; i < IN; i++) {
                hwant[n * IN + i] += w[o * IN + i] * ds;
                hwant[NB * IN + o * IN + i] += x[n * IN + i] * ds;
            }
            hwant[NB * IN + OUT * IN + o] += ds;
        }
    int threads[3] = {1, 2, 4};
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(threads[k]);
        double sb[B * T * OC];
        memcpy(sb, seed, sizeof sb);
        memcpy(got, g0, sizeof got);
        matmul_forward_vjp(out, sb, inp, got, weight, got + B * T * C, bias, got + B * T * C + OC * C, B, T, C, OC);
        oracle_check_vec("matmul vjp", got, want, B * T * C + OC * C + OC, 1e-12, 1e-13);
        double yb[NB * OUT];
        memcpy(yb, ys, sizeof yb);
        memcpy(hgot, h0, sizeof hgot);
        dense_vjp(y, yb, x, hgot, w, hgot + NB * IN, bb, hgot + NB * IN + OUT * IN, NB, IN, OUT);
        oracle_check_vec("dense vjp", hgot, hwant, NB * IN + OUT * IN + OUT, 1e-12, 1e-13);
    }
    return oracle_result();
}
