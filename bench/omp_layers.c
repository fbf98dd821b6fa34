/* bench/omp_layers.c: layers written as llm.c writes them (train_gpt2.c's
 * CPU forward passes, '#pragma omp parallel for'), and a dense layer
 * y = tanh(W x + b) over a batch; cc-ad's vjp of each (bench_omp). */
#include <math.h>

#include "omp_layers.h"

void dense_forward(double *y, const double *x, const double *w, const double *b, int batch, int in, int out)
{
#pragma omp parallel for collapse(2)
    for (int n = 0; n < batch; n++) {
        for (int o = 0; o < out; o++) {
            double s = b[o];
            for (int i = 0; i < in; i++) s += w[o * in + i] * x[n * in + i];
            y[n * out + o] = tanh(s);
        }
    }
}

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

void layernorm_forward(double *out, double *mean, double *rstd, const double *inp, const double *weight,
                       const double *bias, int B, int T, int C)
{
    double eps = 1e-5;
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const double *x = inp + b * T * C + t * C;
            double m = 0.0;
            for (int i = 0; i < C; i++) m += x[i];
            m = m / C;
            double v = 0.0;
            for (int i = 0; i < C; i++) {
                double xshift = x[i] - m;
                v += xshift * xshift;
            }
            v = v / C;
            double s = 1.0 / sqrt(v + eps);
            double *out_bt = out + b * T * C + t * C;
            for (int i = 0; i < C; i++) {
                double n = (s * (x[i] - m));
                out_bt[i] = n * weight[i] + bias[i];
            }
            mean[b * T + t] = m;
            rstd[b * T + t] = s;
        }
    }
}

#define GELU_SCALING_FACTOR 0.7978845608028654  /* sqrt(2 / pi) */
void gelu_forward(double *out, const double *inp, int N)
{
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
        double x = inp[i];
        double cube = 0.044715 * x * x * x;
        out[i] = 0.5 * x * (1.0 + tanh(GELU_SCALING_FACTOR * (x + cube)));
    }
}

/* llm.c's attention_forward: inp holds the query, key and value vectors
 * (B, T, 3C); preatt and att (B, NH, T, T) the scores before and after the
 * causal softmax, which the backward pass reads. */
void attention_forward(double *out, double *preatt, double *att, const double *inp, int B, int T, int C, int NH)
{
    int C3 = C * 3;
    int hs = C / NH;
    double scale = 1.0 / sqrt(hs);
#pragma omp parallel for collapse(3)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            for (int h = 0; h < NH; h++) {
                const double *query_t = inp + b * T * C3 + t * C3 + h * hs;
                double *preatt_bth = preatt + b * NH * T * T + h * T * T + t * T;
                double *att_bth = att + b * NH * T * T + h * T * T + t * T;
                double maxval = -10000.0;
                for (int t2 = 0; t2 <= t; t2++) {
                    const double *key_t2 = inp + b * T * C3 + t2 * C3 + h * hs + C;
                    double val = 0.0;
                    for (int i = 0; i < hs; i++) val += query_t[i] * key_t2[i];
                    val *= scale;
                    if (val > maxval) maxval = val;
                    preatt_bth[t2] = val;
                }
                double expsum = 0.0;
                for (int t2 = 0; t2 <= t; t2++) {
                    double expv = exp(preatt_bth[t2] - maxval);
                    expsum += expv;
                    att_bth[t2] = expv;
                }
                double expsum_inv = expsum == 0.0 ? 0.0 : 1.0 / expsum;
                for (int t2 = 0; t2 < T; t2++) {
                    if (t2 <= t) att_bth[t2] *= expsum_inv;
                    else att_bth[t2] = 0.0;
                }
                double *out_bth = out + b * T * C + t * C + h * hs;
                for (int i = 0; i < hs; i++) out_bth[i] = 0.0;
                for (int t2 = 0; t2 <= t; t2++) {
                    const double *value_t2 = inp + b * T * C3 + t2 * C3 + h * hs + C * 2;
                    double att_btht2 = att_bth[t2];
                    for (int i = 0; i < hs; i++) out_bth[i] += att_btht2 * value_t2[i];
                }
            }
        }
    }
}

#pragma ad vjp(dense_forward) wrt(x[batch*in], w[out*in], b[out]) out(y[batch*out])
#pragma ad vjp(matmul_forward) wrt(inp[B*T*C], weight[OC*C], bias[OC]) out(out[B*T*OC])
#pragma ad vjp(layernorm_forward) wrt(inp[B*T*C], weight[C], bias[C]) out(out[B*T*C], mean[B*T], rstd[B*T])
#pragma ad vjp(gelu_forward) wrt(inp[N]) out(out[N])
#pragma ad vjp(attention_forward) wrt(inp[B*T*3*C]) out(out[B*T*C], preatt[B*NH*T*T], att[B*NH*T*T])
