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

#pragma ad vjp(dense_forward) wrt(x[batch*in], w[out*in], b[out]) out(y[batch*out])
#pragma ad vjp(matmul_forward) wrt(inp[B*T*C], weight[OC*C], bias[OC]) out(out[B*T*OC])
#pragma ad vjp(layernorm_forward) wrt(inp[B*T*C], weight[C], bias[C]) out(out[B*T*C], mean[B*T], rstd[B*T])
#pragma ad vjp(gelu_forward) wrt(inp[N]) out(out[N])
