// NO-STANDALONE-HEADER: Tinn is an untagged typedef struct (tests/fuzz/open/header_anon_typedef_selfinclude.c)
// EXPECT-WARNING: 'grad' zeroes the floating fields of '*t_bar'
/* realc/tinn: Gustav Louw's Tinn (glouw/tinn, MIT), Tinn.h and Tinn.c copied as written (the
** header inlined): the network is a struct passed by value whose pointer fields alias (t.x =
** t.w + nhid * nips), float throughout, expf, helpers taking `const float* const`, rand() in
** wbrand (not differentiated). tinn_loss is xttrain without its bprop, the user's loss.
** Requests: grad of the loss wrt the network (the caller points the shadow's w, x, b, h, o at
** zeroed buffers, as the manual says for a struct of pointers) and wrt the input.
** Oracle: Tinn's own bprop: with rate 1 it subtracts exactly dL/dw and dL/dx from the weights
** (float, rtol 1e-4); the biases (bprop leaves them) and the input by float central differences
** (h = 1e-2, rtol 1e-2). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "ccad_oracle.h"

typedef struct
{
    // All the weights.
    float* w;
    // Hidden to output layer weights.
    float* x;
    // Biases.
    float* b;
    // Hidden layer.
    float* h;
    // Output layer.
    float* o;
    // Number of biases - always two - Tinn only supports a single hidden layer.
    int nb;
    // Number of weights.
    int nw;
    // Number of inputs.
    int nips;
    // Number of hidden neurons.
    int nhid;
    // Number of outputs.
    int nops;
}
Tinn;

// Computes error.
static float err(const float a, const float b)
{
    return 0.5f * (a - b) * (a - b);
}

// Returns partial derivative of error function.
static float pderr(const float a, const float b)
{
    return a - b;
}

// Computes total error of target to output.
static float toterr(const float* const tg, const float* const o, const int size)
{
    float sum = 0.0f;
    for(int i = 0; i < size; i++)
        sum += err(tg[i], o[i]);
    return sum;
}

// Activation function.
static float act(const float a)
{
    return 1.0f / (1.0f + expf(-a));
}

// Returns partial derivative of activation function.
static float pdact(const float a)
{
    return a * (1.0f - a);
}

// Returns floating point random from 0.0 - 1.0.
static float frand()
{
    return rand() / (float) RAND_MAX;
}

// Performs back propagation.
static void bprop(const Tinn t, const float* const in, const float* const tg, float rate)
{
    for(int i = 0; i < t.nhid; i++)
    {
        float sum = 0.0f;
        // Calculate total error change with respect to output.
        for(int j = 0; j < t.nops; j++)
        {
            const float a = pderr(t.o[j], tg[j]);
            const float b = pdact(t.o[j]);
            sum += a * b * t.x[j * t.nhid + i];
            // Correct weights in hidden to output layer.
            t.x[j * t.nhid + i] -= rate * a * b * t.h[i];
        }
        // Correct weights in input to hidden layer.
        for(int j = 0; j < t.nips; j++)
            t.w[i * t.nips + j] -= rate * sum * pdact(t.h[i]) * in[j];
    }
}

// Performs forward propagation.
static void fprop(const Tinn t, const float* const in)
{
    // Calculate hidden layer neuron values.
    for(int i = 0; i < t.nhid; i++)
    {
        float sum = 0.0f;
        for(int j = 0; j < t.nips; j++)
            sum += in[j] * t.w[i * t.nips + j];
        t.h[i] = act(sum + t.b[0]);
    }
    // Calculate output layer neuron values.
    for(int i = 0; i < t.nops; i++)
    {
        float sum = 0.0f;
        for(int j = 0; j < t.nhid; j++)
            sum += t.h[j] * t.x[i * t.nhid + j];
        t.o[i] = act(sum + t.b[1]);
    }
}

// Randomizes tinn weights and biases.
static void wbrand(const Tinn t)
{
    for(int i = 0; i < t.nw; i++) t.w[i] = frand() - 0.5f;
    for(int i = 0; i < t.nb; i++) t.b[i] = frand() - 0.5f;
}

// Returns an output prediction given an input.
float* xtpredict(const Tinn t, const float* const in)
{
    fprop(t, in);
    return t.o;
}

// Trains a tinn with an input and target output with a learning rate. Returns target to output error.
float xttrain(const Tinn t, const float* const in, const float* const tg, float rate)
{
    fprop(t, in);
    bprop(t, in, tg, rate);
    return toterr(tg, t.o, t.nops);
}

// Constructs a tinn with number of inputs, number of hidden neurons, and number of outputs
Tinn xtbuild(const int nips, const int nhid, const int nops)
{
    Tinn t;
    // Tinn only supports one hidden layer so there are two biases.
    t.nb = 2;
    t.nw = nhid * (nips + nops);
    t.w = (float*) calloc(t.nw, sizeof(*t.w));
    t.x = t.w + nhid * nips;
    t.b = (float*) calloc(t.nb, sizeof(*t.b));
    t.h = (float*) calloc(nhid, sizeof(*t.h));
    t.o = (float*) calloc(nops, sizeof(*t.o));
    t.nips = nips;
    t.nhid = nhid;
    t.nops = nops;
    wbrand(t);
    return t;
}

// Frees object from heap.
void xtfree(const Tinn t)
{
    free(t.w);
    free(t.b);
    free(t.h);
    free(t.o);
}

/* the user's loss: xttrain without the update */
float tinn_loss(const Tinn t, const float* const in, const float* const tg)
{
    fprop(t, in);
    return toterr(tg, t.o, t.nops);
}

#pragma ad grad(tinn_loss) wrt(t, in[t.nips])

#include "tinn.ad.h"

#define NIPS 5
#define NHID 4
#define NOPS 3
int main(void)
{
    srand(11);
    Tinn t = xtbuild(NIPS, NHID, NOPS);
    float in[NIPS] = {0.3f, -0.8f, 0.5f, 1.2f, -0.1f}, tg[NOPS] = {1, 0, 0.5f};
    float gin[NIPS];
    /* shadow network, zeroed buffers, x aliasing w as in xtbuild */
    Tinn tb = t;
    tb.w = calloc(t.nw, sizeof(float)); tb.x = tb.w + NHID * NIPS;
    tb.b = calloc(t.nb, sizeof(float)); tb.h = calloc(NHID, sizeof(float)); tb.o = calloc(NOPS, sizeof(float));
    float w0[NHID * (NIPS + NOPS)], b0[2];
    memcpy(w0, t.w, sizeof w0); memcpy(b0, t.b, sizeof b0);
    float L = tinn_loss_grad(t, &tb, in, gin, tg);
    CHECK_CLOSE("loss primal", L, tinn_loss(t, in, tg), 0, 0);
    /* Tinn's own backward: rate 1 subtracts the gradient */
    xttrain(t, in, tg, 1.0f);
    for (int i = 0; i < t.nw; i++)
        CHECK_CLOSE("grad w (bprop)", tb.w[i], w0[i] - t.w[i], 1e-4, 1e-6);
    memcpy(t.w, w0, sizeof w0);
    for (int k = 0; k < 2; k++) {
        float h = 1e-2f, s = t.b[k];
        t.b[k] = s + h; float lp = tinn_loss(t, in, tg);
        t.b[k] = s - h; float lm = tinn_loss(t, in, tg);
        t.b[k] = s;
        CHECK_CLOSE("grad b (fd)", tb.b[k], (lp - lm) / (2 * h), 1e-2, 1e-4);
    }
    for (int k = 0; k < NIPS; k++) {
        float h = 1e-2f, s = in[k];
        in[k] = s + h; float lp = tinn_loss(t, in, tg);
        in[k] = s - h; float lm = tinn_loss(t, in, tg);
        in[k] = s;
        CHECK_CLOSE("grad in (fd)", gin[k], (lp - lm) / (2 * h), 1e-2, 1e-4);
    }
    free(tb.w); free(tb.b); free(tb.h); free(tb.o);
    xtfree(t);
    return oracle_result();
}
