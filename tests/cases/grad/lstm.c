/*
** grad/lstm: an LSTM-like recurrence over a sequence, the kind of code
** ADBench's LSTM objective is: per step, gate pre-activations from weight
** matrices (input and hidden), sigmoid and tanh gates, the cell and hidden
** state arrays overwritten in place (state is an in-out parameter that is
** not differentiated but carries active values between steps), a softmax
** prediction of the next element through log-sum-exp, scratch buffers.
** The time loop is marked `#pragma ad checkpoint(snapshots=3)` (its trip
** count T is fixed on entry), so reverse mode may recompute steps from 3
** snapshots instead of taping all of them: the gradient must be the same.
** Gradient w.r.t. Wx, Wh, bias, Wy against central differences, the
** dot-product test against forward mode; the final state must equal the
** primal's.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

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

/* one step: gates = Wx x + Wh h + bias (4b rows: forget, input, output,
** candidate), then c <- c f + i g, h <- o tanh(c), in place */
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

/* mean negative log-likelihood of seq[t+1] under softmax(Wy h_t) */
double lstm_loss(int b, int T, const double *Wx, const double *Wh, const double *bias,
                 const double *Wy, const double *seq, double *state)
{
    double *h = state, *c = state + b;
    double *gates = malloc((size_t)(4 * b) * sizeof *gates);
    double *logits = malloc((size_t)b * sizeof *logits);
    double total = 0.0;
#pragma ad checkpoint(snapshots=3)
    for (int t = 0; t < T; t++) {
        lstm_cell(b, Wx, Wh, bias, &seq[t * b], h, c, gates);
        for (int i = 0; i < b; i++) {
            logits[i] = 0.0;
            for (int j = 0; j < b; j++)
                logits[i] += Wy[i * b + j] * h[j];
        }
        double lse = logsumexp(logits, b);
        const double *target = &seq[(t + 1) * b];
        for (int i = 0; i < b; i++)
            total += target[i] * (logits[i] - lse);
    }
    free(gates);
    free(logits);
    return -total / T;
}

/* state carries values that depend on the weights from step to step, so it
** needs derivative storage too: it is listed (an in-out input), and the
** wrappers below give it a zero tangent / seed and ignore its adjoint. */
#pragma ad grad(lstm_loss) wrt(Wx[4*b*b], Wh[4*b*b], bias[4*b], Wy[b*b], state[2*b])
#pragma ad vjp(lstm_loss) wrt(Wx[4*b*b], Wh[4*b*b], bias[4*b], Wy[b*b], state[2*b])
#pragma ad jvp(lstm_loss) wrt(Wx[4*b*b], Wh[4*b*b], bias[4*b], Wy[b*b], state[2*b])

#include "lstm.ad.h"

#define B 4
#define T 12
#define NW (4 * B * B)
#define NIN (2 * NW + 4 * B + B * B) /* Wx, Wh, bias, Wy */

typedef struct {
    const double *seq;
    const double *state0;
} LstmData;

static void lstm_flat(void *ctx, const double *in, double *y)
{
    const LstmData *d = ctx;
    double state[2 * B];
    memcpy(state, d->state0, sizeof state);
    y[0] = lstm_loss(B, T, in, in + NW, in + 2 * NW, in + 2 * NW + 4 * B, d->seq, state);
}

static void lstm_jvp_flat(void *ctx, const double *in, const double *v, double *y, double *ydot)
{
    const LstmData *d = ctx;
    double state[2 * B], state_dot[2 * B] = {0};
    memcpy(state, d->state0, sizeof state);
    y[0] = lstm_loss_jvp(B, T, in, v, in + NW, v + NW, in + 2 * NW, v + 2 * NW,
                         in + 2 * NW + 4 * B, v + 2 * NW + 4 * B, d->seq, state, state_dot, ydot);
}

static void lstm_vjp_flat(void *ctx, const double *in, double *inbar, double *w, double *y)
{
    const LstmData *d = ctx;
    double state[2 * B], state_bar[2 * B] = {0};
    memcpy(state, d->state0, sizeof state);
    y[0] = lstm_loss_vjp(B, T, in, inbar, in + NW, inbar + NW, in + 2 * NW, inbar + 2 * NW,
                         in + 2 * NW + 4 * B, inbar + 2 * NW + 4 * B, d->seq, state, state_bar, w[0]);
    w[0] = 0.0;
}

static double lstm_grad_flat(void *ctx, const double *in, double *g)
{
    const LstmData *d = ctx;
    double state[2 * B], state_bar[2 * B];
    memcpy(state, d->state0, sizeof state);
    return lstm_loss_grad(B, T, in, g, in + NW, g + NW, in + 2 * NW, g + 2 * NW,
                          in + 2 * NW + 4 * B, g + 2 * NW + 4 * B, d->seq, state, state_bar);
}

int main(void)
{
    OracleRng rng = oracle_rng(1997);
    double in[NIN], seq[(T + 1) * B], state0[2 * B];
    for (int i = 0; i < NIN; i++)
        in[i] = 0.5 * oracle_normal(&rng);
    /* the sequence: probability vectors (targets of the softmax) */
    for (int t = 0; t <= T; t++) {
        double s = 0.0;
        for (int i = 0; i < B; i++)
            s += seq[t * B + i] = oracle_uniform(&rng, 0.1, 1.0);
        for (int i = 0; i < B; i++)
            seq[t * B + i] /= s;
    }
    oracle_fill_uniform(&rng, state0, 2 * B, -0.5, 0.5);
    LstmData d = {seq, state0};

    OracleProblem p = {.name = "lstm", .n = NIN, .m = 1, .f = lstm_flat, .jvp = lstm_jvp_flat,
                       .vjp = lstm_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_grad(&p, &d, in, lstm_grad_flat, NIN);
    oracle_check_vjp(&p, &d, in, &rng, 2, 0);
    oracle_check_jvp(&p, &d, in, &rng, 2, 0);

    /* the side effect on state is the primal's */
    double s1[2 * B], s2[2 * B], g[NIN], s2_bar[2 * B];
    memcpy(s1, state0, sizeof s1);
    memcpy(s2, state0, sizeof s2);
    lstm_loss(B, T, in, in + NW, in + 2 * NW, in + 2 * NW + 4 * B, seq, s1);
    lstm_loss_grad(B, T, in, g, in + NW, g + NW, in + 2 * NW, g + 2 * NW, in + 2 * NW + 4 * B,
                   g + 2 * NW + 4 * B, seq, s2, s2_bar);
    CHECK_VEC_CLOSE("final (h, c) after lstm_loss_grad = after lstm_loss", s2, s1, 2 * B,
                    ORACLE_RTOL_EXACT, 1e-15);
    return oracle_result();
}
