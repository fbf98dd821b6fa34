/*
** grad/field_net: a genann-like network (our own code, genann's shapes):
** a struct with the sizes and pointers to the weights, the neurons'
** outputs and deltas, a run function that walks the weights with a
** pointer (*w++), copies the inputs into the output buffer with memcpy
** and returns a 'double const *' into it. The caller fills the struct
** from its own arrays. Both the gradient in the weights and the one in
** the inputs (a saliency map): the second was refused while the analysis
** gave all the struct's pointers one pointee (the weights looked written
** with varied values through ann->output). Also a helper that updates the
** weights in place through the same struct (net_nudge), whose writes stay
** in the weights' class.
** Oracles: central differences of the loss (h ~ 6e-6, ORACLE_RTOL_FD);
** vjp against jvp by the dot-product test (1e-12); the output buffer as
** the primal leaves it, bitwise.
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct net {
    int inputs, hidden, outputs;
    int total_weights;
    double *weight;
    double *output;
    double *delta;
} net;

static double net_act(double a) { return 1.0 / (1.0 + exp(-a)); }

double const *net_run(net const *ann, double const *inputs)
{
    double const *w = ann->weight;
    double *o = ann->output + ann->inputs;
    double const *i = ann->output;

    memcpy(ann->output, inputs, sizeof(double) * (size_t)ann->inputs);

    for (int j = 0; j < ann->hidden; ++j) {
        double sum = *w++ * -1.0;
        for (int k = 0; k < ann->inputs; ++k)
            sum += *w++ * i[k];
        *o++ = net_act(sum);
    }
    i += ann->inputs;
    for (int j = 0; j < ann->outputs; ++j) {
        double sum = *w++ * -1.0;
        for (int k = 0; k < ann->hidden; ++k)
            sum += *w++ * i[k];
        *o++ = net_act(sum);
    }
    return ann->output + ann->inputs + ann->hidden;
}

/* weight decay in place, through the struct */
static void net_nudge(net *ann, double rate)
{
    for (int k = 0; k < ann->total_weights; ++k)
        ann->weight[k] *= 1.0 - rate * ann->weight[k] * ann->weight[k];
}

double net_loss(double *weight, double *output, double *delta, const double *in, const double *target,
                int ni, int nh, int no)
{
    net ann = {ni, nh, no, nh * (ni + 1) + no * (nh + 1), weight, output, delta};
    net_nudge(&ann, 0.01);
    double const *y = net_run(&ann, in);
    double e = 0;
    for (int k = 0; k < no; ++k)
        e += 0.5 * (y[k] - target[k]) * (y[k] - target[k]);
    return e;
}

#define NW (nh * (ni + 1) + no * (nh + 1))
#pragma ad grad(net_loss) wrt(weight[NW]) scratch(output[ni+nh+no])
#pragma ad grad(net_loss) wrt(in[ni]) scratch(output[ni+nh+no]) name(net_loss_gin)
#pragma ad vjp(net_loss) wrt(in[ni]) scratch(output[ni+nh+no]) name(net_loss_vin)
#pragma ad jvp(net_loss) wrt(in[ni]) scratch(output[ni+nh+no]) name(net_loss_jin)

#include "field_net.ad.h"

enum { NI = 3, NH = 4, NO = 2, NWT = NH * (NI + 1) + NO * (NH + 1), NN = NI + NH + NO };

static double W0[NWT], IN0[NI], TG[NO];

/* the loss from fresh copies (net_loss updates the weights in place) */
static double loss_at(const double *w, const double *in)
{
    double wc[NWT], out[NN], delta[NN];
    memcpy(wc, w, sizeof wc);
    return net_loss(wc, out, delta, in, TG, NI, NH, NO);
}

int main(void)
{
    OracleRng rng = oracle_rng(5);
    oracle_fill_uniform(&rng, W0, NWT, -1.0, 1.0);
    oracle_fill_uniform(&rng, IN0, NI, -1.0, 1.0);
    oracle_fill_uniform(&rng, TG, NO, 0.1, 0.9);
    double w[NWT], gw[NWT], gin[NI], out[NN], delta[NN], want_out[NN], want_w[NWT], fd[NWT];

    memcpy(want_w, W0, sizeof want_w);
    double y = net_loss(want_w, want_out, delta, IN0, TG, NI, NH, NO);

    memcpy(w, W0, sizeof w);
    memset(out, 0, sizeof out);
    CHECK_CLOSE("grad w primal", net_loss_grad(w, gw, out, delta, IN0, TG, NI, NH, NO), y, 0, 0);
    CHECK_VEC_CLOSE("grad w: weights as the primal leaves them", w, want_w, NWT, 0, 0);
    CHECK_VEC_CLOSE("grad w: outputs as the primal leaves them", out, want_out, NN, 0, 0);
    for (int j = 0; j < NWT; j++) {
        double wp[NWT];
        memcpy(wp, W0, sizeof wp);
        double h = oracle_fd_step(W0[j], DBL_EPSILON);
        wp[j] = W0[j] + h;
        double fp = loss_at(wp, IN0);
        wp[j] = W0[j] - h;
        fd[j] = (fp - loss_at(wp, IN0)) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad w vs fd", gw, fd, NWT, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    memcpy(w, W0, sizeof w);
    CHECK_CLOSE("grad in primal", net_loss_gin(w, out, delta, IN0, gin, TG, NI, NH, NO), y, 0, 0);
    CHECK_VEC_CLOSE("grad in: weights as the primal leaves them", w, want_w, NWT, 0, 0);
    for (int j = 0; j < NI; j++) {
        double ip[NI];
        memcpy(ip, IN0, sizeof ip);
        double h = oracle_fd_step(IN0[j], DBL_EPSILON);
        ip[j] = IN0[j] + h;
        double fp = loss_at(W0, ip);
        ip[j] = IN0[j] - h;
        fd[j] = (fp - loss_at(W0, ip)) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad in vs fd", gin, fd, NI, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    double v[NI], b[NI] = {0}, d = 0;
    oracle_fill_uniform(&rng, v, NI, -1.0, 1.0);
    memcpy(w, W0, sizeof w);
    net_loss_vin(w, out, delta, IN0, b, TG, NI, NH, NO, 2.0);
    memcpy(w, W0, sizeof w);
    net_loss_jin(w, out, delta, IN0, v, TG, NI, NH, NO, &d);
    CHECK_CLOSE("dot test", oracle_dot(b, v, NI), 2.0 * d, ORACLE_RTOL_DOT, 1e-14);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
