/*
** bench/hand_lstm.c: hand-written adjoint of lstm_loss (lstm.c).
**
** The forward sweep stores, per step t, the hidden and cell states before
** the step (h_{t}, c_{t}; t = 0 is state0), the four gate activations
** (f, i, o: sigmoids; g: tanh), tanh(c_{t+1}) and the softmax of the
** logits: (4 + 4) b doubles per step, the same information a tape holds.
** The reverse sweep, for t = T-1..0, with s = -1/T the seed of total:
**     logits_bar = s (target - (sum target) softmax),
**     Wy_bar += logits_bar h_{t+1}^T,  h_bar += Wy^T logits_bar,
**     o_bar = h_bar tanh(c'), c_bar += h_bar o (1 - tanh(c')^2),
**     f_bar = c_bar c, i_bar = c_bar g, g_bar = c_bar i, c_bar <- c_bar f,
**     z_bar = (f_bar f(1-f), i_bar i(1-i), o_bar o(1-o), g_bar (1-g^2)),
**     bias_bar += z_bar, Wx_bar += z_bar x_t^T, Wh_bar += z_bar h_t^T,
**     h_bar <- Wh^T z_bar.
*/
#include <math.h>
#include <stdlib.h>

#include "bench_cases.h"

static double sigmoid(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

double lstm_loss_hand(int b, int T, const double *Wx, double *Wx_bar, const double *Wh,
                      double *Wh_bar, const double *bias, double *bias_bar, const double *Wy,
                      double *Wy_bar, const double *seq, const double *state0)
{
    const int G = 4 * b;
    double *H = malloc((size_t)(T + 1) * b * sizeof *H);   /* h before step t; H[T] final */
    double *C = malloc((size_t)(T + 1) * b * sizeof *C);
    double *A = malloc((size_t)T * G * sizeof *A);         /* gate activations */
    double *TC = malloc((size_t)T * b * sizeof *TC);       /* tanh(c after step t) */
    double *P = malloc((size_t)T * b * sizeof *P);         /* softmax(logits_t) */
    double *z = malloc((size_t)G * sizeof *z);
    double *hb = calloc((size_t)b, sizeof *hb);
    double *cb = calloc((size_t)b, sizeof *cb);
    double *hb2 = malloc((size_t)b * sizeof *hb2);
    double *lb = malloc((size_t)b * sizeof *lb);
    double total = 0.0;

    for (int i = 0; i < G * b; i++)
        Wx_bar[i] = Wh_bar[i] = 0.0;
    for (int i = 0; i < G; i++)
        bias_bar[i] = 0.0;
    for (int i = 0; i < b * b; i++)
        Wy_bar[i] = 0.0;

    for (int i = 0; i < b; i++) {
        H[i] = state0[i];
        C[i] = state0[b + i];
    }
    for (int t = 0; t < T; t++) {
        const double *x = &seq[t * b], *h = &H[t * b], *c = &C[t * b];
        double *hn = &H[(t + 1) * b], *cn = &C[(t + 1) * b], *a = &A[t * G];
        double *tc = &TC[t * b], *p = &P[t * b];
        for (int g = 0; g < G; g++) {
            double s = bias[g];
            for (int j = 0; j < b; j++)
                s += Wx[g * b + j] * x[j] + Wh[g * b + j] * h[j];
            z[g] = s;
        }
        for (int i = 0; i < b; i++) {
            double fg = sigmoid(z[i]), ig = sigmoid(z[b + i]), og = sigmoid(z[2 * b + i]);
            double cand = tanh(z[3 * b + i]);
            a[i] = fg;
            a[b + i] = ig;
            a[2 * b + i] = og;
            a[3 * b + i] = cand;
            cn[i] = c[i] * fg + ig * cand;
            tc[i] = tanh(cn[i]);
            hn[i] = og * tc[i];
        }
        /* logits, log-sum-exp, softmax */
        double m = -INFINITY;
        for (int i = 0; i < b; i++) {
            double l = 0.0;
            for (int j = 0; j < b; j++)
                l += Wy[i * b + j] * hn[j];
            p[i] = l;
            if (l > m)
                m = l;
        }
        double se = 0.0;
        for (int i = 0; i < b; i++)
            se += exp(p[i] - m);
        double lse = m + log(se);
        const double *target = &seq[(t + 1) * b];
        for (int i = 0; i < b; i++) {
            total += target[i] * (p[i] - lse);
            p[i] = exp(p[i] - lse);
        }
    }

    const double s = -1.0 / T;
    for (int t = T - 1; t >= 0; t--) {
        const double *x = &seq[t * b], *h = &H[t * b], *c = &C[t * b];
        const double *hn = &H[(t + 1) * b], *a = &A[t * G];
        const double *tc = &TC[t * b], *p = &P[t * b], *target = &seq[(t + 1) * b];
        double st = 0.0;
        for (int i = 0; i < b; i++)
            st += target[i];
        for (int i = 0; i < b; i++)
            lb[i] = s * (target[i] - st * p[i]);
        for (int i = 0; i < b; i++)
            for (int j = 0; j < b; j++) {
                Wy_bar[i * b + j] += lb[i] * hn[j];
                hb[j] += Wy[i * b + j] * lb[i];
            }
        for (int i = 0; i < b; i++) {
            double fg = a[i], ig = a[b + i], og = a[2 * b + i], cand = a[3 * b + i];
            double ob = hb[i] * tc[i];
            double cbi = cb[i] + hb[i] * og * (1.0 - tc[i] * tc[i]);
            z[i] = cbi * c[i] * fg * (1.0 - fg);
            z[b + i] = cbi * cand * ig * (1.0 - ig);
            z[2 * b + i] = ob * og * (1.0 - og);
            z[3 * b + i] = cbi * ig * (1.0 - cand * cand);
            cb[i] = cbi * fg;
        }
        for (int j = 0; j < b; j++)
            hb2[j] = 0.0;
        for (int g = 0; g < G; g++) {
            double zg = z[g];
            bias_bar[g] += zg;
            for (int j = 0; j < b; j++) {
                Wx_bar[g * b + j] += zg * x[j];
                Wh_bar[g * b + j] += zg * h[j];
                hb2[j] += Wh[g * b + j] * zg;
            }
        }
        double *tmp = hb;
        hb = hb2;
        hb2 = tmp;
    }

    free(H);
    free(C);
    free(A);
    free(TC);
    free(P);
    free(z);
    free(hb);
    free(cb);
    free(hb2);
    free(lb);
    return -total / T;
}
