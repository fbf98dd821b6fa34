/* bench/hand_omp_layers.c: hand-written backward passes of omp_layers.c,
 * as llm.c's train_gpt2.c writes them (matmul_backward's two parallel
 * loops, layernorm_backward, gelu_backward and attention_backward),
 * accumulating into the gradients as a vjp does. */
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

/* llm.c's attention_backward, its loops over b and h in parallel (each
 * (b, h) owns its slices of dinp, dpreatt and datt); llm.c runs it on one
 * thread. */
void attention_backward(double *dinp, double *dpreatt, double *datt, const double *dout, const double *inp,
                        const double *att, int B, int T, int C, int NH)
{
    int C3 = C * 3;
    int hs = C / NH;
    double scale = 1.0 / sqrt(hs);
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int h = 0; h < NH; h++) {
            for (int t = T - 1; t >= 0; t--) {
                const double *att_bth = att + b * NH * T * T + h * T * T + t * T;
                double *datt_bth = datt + b * NH * T * T + h * T * T + t * T;
                double *dpreatt_bth = dpreatt + b * NH * T * T + h * T * T + t * T;
                double *dquery_t = dinp + b * T * C3 + t * C3 + h * hs;
                const double *query_t = inp + b * T * C3 + t * C3 + h * hs;
                const double *dout_bth = dout + b * T * C + t * C + h * hs;
                for (int t2 = 0; t2 <= t; t2++) {
                    const double *value_t2 = inp + b * T * C3 + t2 * C3 + h * hs + C * 2;
                    double *dvalue_t2 = dinp + b * T * C3 + t2 * C3 + h * hs + C * 2;
                    for (int i = 0; i < hs; i++) {
                        datt_bth[t2] += value_t2[i] * dout_bth[i];
                        dvalue_t2[i] += att_bth[t2] * dout_bth[i];
                    }
                }
                for (int t2 = 0; t2 <= t; t2++)
                    for (int t3 = 0; t3 <= t; t3++) {
                        double indicator = t2 == t3 ? 1.0 : 0.0;
                        dpreatt_bth[t3] += att_bth[t2] * (indicator - att_bth[t3]) * datt_bth[t2];
                    }
                for (int t2 = 0; t2 <= t; t2++) {
                    const double *key_t2 = inp + b * T * C3 + t2 * C3 + h * hs + C;
                    double *dkey_t2 = dinp + b * T * C3 + t2 * C3 + h * hs + C;
                    for (int i = 0; i < hs; i++) {
                        dquery_t[i] += key_t2[i] * dpreatt_bth[t2] * scale;
                        dkey_t2[i] += query_t[i] * dpreatt_bth[t2] * scale;
                    }
                }
            }
        }
    }
}
