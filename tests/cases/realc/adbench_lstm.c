/*
** realc/adbench_lstm: ADBench's (gradbench's) C LSTM objective as published:
** sigmoid and a logsumexp that adds 2 to the sum, lstm_model with a malloc'd
** gates block split into four pointer views (&gates[hsize] ...), lstm_predict
** walking the layers with a strided loop (i += 2 * b) and weight views
** &w[i * 4], the input pointer re-aimed at the previous layer's hidden state
** (xp = &s[i]), lstm_objective over the sequence (t += b), the loss through
** double *loss; the state array is rewritten in place (scratch).
** Requests: grad wrt (main_params, extra_params) with state as scratch; jvp;
** the state left as the primal leaves it.
** Oracles: central differences (h = 1e-6, rtol 1e-6) on a spread of
** parameters; the jvp/grad dot product (1e-12).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

// UTILS
// Sigmoid on scalar
double sigmoid(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

// log(sum(exp(x), 2))
double logsumexp(double const* vect, int sz)
{
    double sum = 0.0;
    int i;

    for (i = 0; i < sz; i++)
    {
        sum += exp(vect[i]);
    }

    sum += 2;
    return log(sum);
}

// LSTM OBJECTIVE
// The LSTM model
void lstm_model(
    int hsize,
    double const* weight,
    double const* bias,
    double* hidden,
    double* cell,
    double const* input
)
{
    // TODO NOTE THIS
    //__builtin_assume(hsize > 0);

    double* gates = (double*)malloc(4 * hsize * sizeof(double));
    double* forget = &(gates[0]);
    double* ingate = &(gates[hsize]);
    double* outgate = &(gates[2 * hsize]);
    double* change = &(gates[3 * hsize]);

    int i;
    // caching input
    // hidden (needed)
    for (i = 0; i < hsize; i++)
    {
        forget[i] = sigmoid(input[i] * weight[i] + bias[i]);
        ingate[i] = sigmoid(hidden[i] * weight[hsize + i] + bias[hsize + i]);
        outgate[i] = sigmoid(input[i] * weight[2 * hsize + i] + bias[2 * hsize + i]);
        change[i] = tanh(hidden[i] * weight[3 * hsize + i] + bias[3 * hsize + i]);
    }

    // caching cell (needed)
    for (i = 0; i < hsize; i++)
    {
        cell[i] = cell[i] * forget[i] + ingate[i] * change[i];
    }

    for (i = 0; i < hsize; i++)
    {
        hidden[i] = outgate[i] * tanh(cell[i]);
    }

    free(gates);
}

// Predict LSTM output given an input
void lstm_predict(
    int l,
    int b,
    double const* w,
    double const* w2,
    double* s,
    double const* x,
    double* x2
)
{
    int i;
    for (i = 0; i < b; i++)
    {
        x2[i] = x[i] * w2[i];
    }

    double* xp = x2;
    for (i = 0; i <= 2 * l * b - 1; i += 2 * b)
    {
        lstm_model(b, &(w[i * 4]), &(w[(i + b) * 4]), &(s[i]), &(s[i + b]), xp);
        xp = &(s[i]);
    }

    for (i = 0; i < b; i++)
    {
        x2[i] = xp[i] * w2[b + i] + w2[2 * b + i];
    }
}

// LSTM objective (loss function)
void lstm_objective(
    int l,
    int c,
    int b,
    double const* main_params,
    double const* extra_params,
    double* state,
    double const* sequence,
    double* loss
)
{
    int i, t;
    double total = 0.0;
    int count = 0;
    const double* input = &(sequence[0]);
    double* ypred = (double*)malloc(b * sizeof(double));
    double* ynorm = (double*)malloc(b * sizeof(double));
    const double* goal;
    double lse;

    for (t = 0; t <= (c - 1) * b - 1; t += b)
    {
        lstm_predict(l, b, main_params, extra_params, state, input, ypred);
        lse = logsumexp(ypred, b);
        for (i = 0; i < b; i++)
        {
            ynorm[i] = ypred[i] - lse;
        }

        goal = &(sequence[t + b]);
        for (i = 0; i < b; i++)
        {
            total += goal[i] * ynorm[i];
        }

        count += b;
        input = goal;
    }

    *loss = -total / count;

    free(ypred);
    free(ynorm);
}
#pragma ad grad(lstm_objective) wrt(main_params[2*l*4*b], extra_params[3*b]) out(loss[1]) scratch(state[2*l*b])
#pragma ad jvp(lstm_objective) wrt(main_params[2*l*4*b], extra_params[3*b]) out(loss[1]) scratch(state[2*l*b])

#include "adbench_lstm.ad.h"

#define L 2
#define C 6
#define B 5
#define NM (2 * L * 4 * B)
#define NE (3 * B)
static double run(const double *mp, const double *ep, const double *s0, const double *seq)
{
    double st[2 * L * B], loss;
    memcpy(st, s0, sizeof st);
    lstm_objective(L, C, B, mp, ep, st, seq, &loss);
    return loss;
}
int main(void)
{
    double mp[NM], ep[NE], s0[2 * L * B], st[2 * L * B], st2[2 * L * B], seq[C * B], gm[NM], ge[NE], loss;
    OracleRng r = oracle_rng(31);
    oracle_fill_uniform(&r, mp, NM, -1, 1); oracle_fill_uniform(&r, ep, NE, -1, 1);
    oracle_fill_uniform(&r, s0, 2 * L * B, -1, 1); oracle_fill_uniform(&r, seq, C * B, -1, 1);
    memcpy(st, s0, sizeof st); memcpy(st2, s0, sizeof st2);
    lstm_objective_grad(L, C, B, mp, gm, ep, ge, st, seq, &loss);
    CHECK_CLOSE("primal", loss, run(mp, ep, s0, seq), 1e-15, 0);
    double l2; lstm_objective(L, C, B, mp, ep, st2, seq, &l2);
    CHECK_VEC_CLOSE("state as the primal leaves it", st, st2, 2 * L * B, 0, 0);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    for (int j = 0; j < NM + NE; j += 3) {
        double p[NM + NE], m[NM + NE], h = 1e-6;
        memcpy(p, mp, sizeof mp); memcpy(p + NM, ep, sizeof ep); memcpy(m, p, sizeof m); p[j] += h; m[j] -= h;
        double fd = (run(p, p + NM, s0, seq) - run(m, m + NM, s0, seq)) / (2 * h);
        CHECK_CLOSE("grad vs fd", j < NM ? gm[j] : ge[j - NM], fd, 1e-6, 1e-9);
    }
    double vm[NM], ve[NE], ld = 0;
    oracle_fill_uniform(&r, vm, NM, -1, 1); oracle_fill_uniform(&r, ve, NE, -1, 1);
    memcpy(st, s0, sizeof st);
    lstm_objective_jvp(L, C, B, mp, vm, ep, ve, st, seq, &loss, &ld);
    CHECK_CLOSE("jvp . dot", ld, oracle_dot(vm, gm, NM) + oracle_dot(ve, ge, NE), 1e-12, 1e-14);
    return oracle_result();
}
