/* bench/hand_omp_layers.c: hand-written backward passes of omp_layers.c,
 * as llm.c's train_gpt2.c writes them (matmul_backward's two parallel
 * loops, layernorm_backward and gelu_backward), accumulating into the
 * gradients as a vjp does. */
#include <math.h>

#include "omp_layers.h"

void dense_backward(double *dx, double *dw, double *db, const double *dy, const double *y, const double *x,
                    const double *w, int batch, int in, int out)
{
#pragma omp parallel for
    for (int n = 0; n < batch; n++) {
        for (int o = 0; o < out; o++) {
            double ds = dy[n * out + o] * (1.0 - y[n * out + o] * y[n * out + o]);
            for (int i = 0; i < in; i++) dx[n * in + i] += w[o * in + i] * ds;
        }
    }
#pragma omp parallel for
    for (int o = 0; o < out; o++) {
        for (int n = 0; n < batch; n++) {
            double ds = dy[n * out + o] * (1.0 - y[n * out + o] * y[n * out + o]);
            db[o] += ds;
            for (int i = 0; i < in; i++) dw[o * in + i] += x[n * in + i] * ds;
        }
    }
}

void matmul_backward(double *dinp, double *dweight, double *dbias, const double *dout, const double *inp,
                     const double *weight, int B, int T, int C, int OC)
{
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const double *dout_bt = dout + b * T * OC + t * OC;
            double *dinp_bt = dinp + b * T * C + t * C;
            for (int o = 0; o < OC; o++) {
                const double *wrow = weight + o * C;
                double d = dout_bt[o];
                for (int i = 0; i < C; i++) dinp_bt[i] += wrow[i] * d;
            }
        }
    }
#pragma omp parallel for
    for (int o = 0; o < OC; o++) {
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                const double *dout_bt = dout + b * T * OC + t * OC;
                const double *inp_bt = inp + b * T * C + t * C;
                double *dwrow = dweight + o * C;
                double d = dout_bt[o];
                dbias[o] += d;
                for (int i = 0; i < C; i++) dwrow[i] += inp_bt[i] * d;
            }
        }
    }
}

void layernorm_backward(double *dinp, double *dweight, double *dbias, const double *dout, const double *inp,
                        const double *weight, const double *mean, const double *rstd, int B, int T, int C)
{
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const double *dout_bt = dout + b * T * C + t * C;
            const double *inp_bt = inp + b * T * C + t * C;
            double *dinp_bt = dinp + b * T * C + t * C;
            double mean_bt = mean[b * T + t];
            double rstd_bt = rstd[b * T + t];
            double dnorm_mean = 0.0, dnorm_norm_mean = 0.0;
            for (int i = 0; i < C; i++) {
                double norm_bti = (inp_bt[i] - mean_bt) * rstd_bt;
                double dnorm_i = weight[i] * dout_bt[i];
                dnorm_mean += dnorm_i;
                dnorm_norm_mean += dnorm_i * norm_bti;
            }
            dnorm_mean = dnorm_mean / C;
            dnorm_norm_mean = dnorm_norm_mean / C;
            for (int i = 0; i < C; i++) {
                double norm_bti = (inp_bt[i] - mean_bt) * rstd_bt;
                double dnorm_i = weight[i] * dout_bt[i];
                dbias[i] += dout_bt[i];
                dweight[i] += norm_bti * dout_bt[i];
                double dval = dnorm_i - dnorm_mean - norm_bti * dnorm_norm_mean;
                dinp_bt[i] += dval * rstd_bt;
            }
        }
    }
}

#define GELU_SCALING_FACTOR 0.7978845608028654
void gelu_backward(double *dinp, const double *inp, const double *dout, int N)
{
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
        double x = inp[i];
        double cube = 0.044715 * x * x * x;
        double tanh_arg = GELU_SCALING_FACTOR * (x + cube);
        double tanh_out = tanh(tanh_arg);
        double coshf_out = cosh(tanh_arg);
        double sech_out = 1.0 / (coshf_out * coshf_out);
        double local_grad = 0.5 * (1.0 + tanh_out) + x * 0.5 * sech_out * GELU_SCALING_FACTOR * (1.0 + 3.0 * 0.044715 * x * x);
        dinp[i] += local_grad * dout[i];
    }
}
