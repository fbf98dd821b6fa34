/*
** bench/lstm.c: an LSTM-like recurrence (the kind of code ADBench's LSTM
** objective is; as tests/cases/grad/lstm.c): per step, gate
** pre-activations Wx x_t + Wh h + bias (4b rows: forget, input, output,
** candidate), sigmoid and tanh gates, cell and hidden state overwritten in
** place, then a softmax prediction of the next sequence element through
** log-sum-exp. Hidden size = input size = b (20), sequence length T (100).
** The initial state is a constant input; the gradient is with respect to
** Wx, Wh, bias and Wy.
**
** lstm_loss_ck is the same function with its time loop under
** `#pragma ad checkpoint(snapshots=10)`: reverse mode recomputes steps
** from 10 snapshots instead of taping all T of them.
*/
#include <math.h>
#include <stdlib.h>

#include "bench_cases.h"

static double sigmoid(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

static double logsumexp(const double *v, int n)
{
    double m = v[0], s = 0.0;
    for (int i = 1; i < n; i++)
        m = v[i] > m ? v[i] : m;
    for (int i = 0; i < n; i++)
        s += exp(v[i] - m);
    return m + log(s);
}

/* one step: gates = Wx x + Wh h + bias, then c <- c f + i g, h <- o tanh(c), in place */
static void lstm_cell(int b, const double *Wx, const double *Wh, const double *bias,
                      const double *x, double *h, double *c, double *gates)
{
    for (int g = 0; g < 4 * b; g++) {
        double s = bias[g];
        for (int j = 0; j < b; j++)
            s += Wx[g * b + j] * x[j] + Wh[g * b + j] * h[j];
        gates[g] = s;
    }
    for (int i = 0; i < b; i++) {
        double fg = sigmoid(gates[i]);
        double ig = sigmoid(gates[b + i]);
        double og = sigmoid(gates[2 * b + i]);
        double cand = tanh(gates[3 * b + i]);
        c[i] = c[i] * fg + ig * cand;
        h[i] = og * tanh(c[i]);
    }
}

/* logits = Wy h; returns sum_i target[i] * log softmax(logits)[i] */
static double predict(int b, const double *Wy, const double *h, const double *target,
                      double *logits)
{
    double lp = 0.0;
    for (int i = 0; i < b; i++) {
        logits[i] = 0.0;
        for (int j = 0; j < b; j++)
            logits[i] += Wy[i * b + j] * h[j];
    }
    double lse = logsumexp(logits, b);
    for (int i = 0; i < b; i++)
        lp += target[i] * (logits[i] - lse);
    return lp;
}

/* mean negative log-likelihood of seq[t+1] under softmax(Wy h_t) */
double lstm_loss(int b, int T, const double *Wx, const double *Wh, const double *bias,
                 const double *Wy, const double *seq, const double *state0)
{
    double *h = malloc((size_t)b * sizeof *h);
    double *c = malloc((size_t)b * sizeof *c);
    double *gates = malloc((size_t)(4 * b) * sizeof *gates);
    double *logits = malloc((size_t)b * sizeof *logits);
    double total = 0.0;
    for (int i = 0; i < b; i++) {
        h[i] = state0[i];
        c[i] = state0[b + i];
    }
    for (int t = 0; t < T; t++) {
        lstm_cell(b, Wx, Wh, bias, &seq[t * b], h, c, gates);
        total += predict(b, Wy, h, &seq[(t + 1) * b], logits);
    }
    free(h);
    free(c);
    free(gates);
    free(logits);
    return -total / T;
}

double lstm_loss_ck(int b, int T, const double *Wx, const double *Wh, const double *bias,
                    const double *Wy, const double *seq, const double *state0)
{
    double *h = malloc((size_t)b * sizeof *h);
    double *c = malloc((size_t)b * sizeof *c);
    double *gates = malloc((size_t)(4 * b) * sizeof *gates);
    double *logits = malloc((size_t)b * sizeof *logits);
    double total = 0.0;
    for (int i = 0; i < b; i++) {
        h[i] = state0[i];
        c[i] = state0[b + i];
    }
#pragma ad checkpoint(snapshots=10)
    for (int t = 0; t < T; t++) {
        lstm_cell(b, Wx, Wh, bias, &seq[t * b], h, c, gates);
        total += predict(b, Wy, h, &seq[(t + 1) * b], logits);
    }
    free(h);
    free(c);
    free(gates);
    free(logits);
    return -total / T;
}

#pragma ad grad(lstm_loss) wrt(Wx[4*b*b], Wh[4*b*b], bias[4*b], Wy[b*b])
#pragma ad grad(lstm_loss_ck) wrt(Wx[4*b*b], Wh[4*b*b], bias[4*b], Wy[b*b])
