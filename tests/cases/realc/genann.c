/*
** realc/genann: genann's network as genann.c writes it (our own code, same
** struct, functions and macros): genann_init allocating one block that
** weight, output and delta point into, activations called through the
** struct's function pointers (genann_act_hidden_indirect), the cached
** sigmoid with its lookup table (a float-to-int index: cc-ad warns that
** the derivative through it is zero; the networks below use the plain
** sigmoid, as genann users set ann->activation_hidden), genann_run
** returning a 'double const *' into ann->output. The loss is
** sum (run(inputs) - desired)^2 / 2; zero edits to genann's functions.
** The request names the network, wrt(ann[1]) (wrt(ann->weight[n]), what a
** user may try first, is an error saying so: diag/request_field_path);
** its derivative ann_bar is a genann_copy whose block is zeroed. cc-ad
** warns, as expected here, that grad does not zero what ann_bar's
** pointers reach (no size). After the call ann->output holds genann_run's
** outputs, as after genann_loss (genann_run's backward code restores it,
** and logs what it replaces; it used to end as it was before the call).
** Regressions: genann's inputs were refused as "stored through" (the
** pointer genann_run returns was taken to point into every argument), and
** the returned pointer's shadow was const (grad/returned_into_param).
**
** Oracle: genann_train's own backprop, as genann.c writes it. It leaves
** the deltas in ann->delta and adds learning_rate * delta * input to each
** weight (the input -1 for the bias weight), with delta = -dloss/dsum: so
** the gradient is -delta * input, read off in genann_train's own loop
** order (gradient_from_deltas). Both are the same few products in double
** with at most a few roundings apart: 1e-10 relative (with an absolute
** floor of 1e-13 times the largest entry for entries that cancel). Also
** the weights genann_train leaves against w - learning_rate * grad (1e-13
** of |w|, the rounding of the update), and central differences of the
** loss (ORACLE_RTOL_FD). Networks: 2 hidden layers with a sigmoid output,
** the same with a linear output (genann_train's other delta), and no
** hidden layer.
*/
// EXPECT-WARNING: the index this conversion to an integer computes carries no derivative
// EXPECT-WARNING: 'grad' zeroes the floating fields of '*ann_bar' but not the memory its pointers lead to
#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

/* ---------------------------------------------------------------- genann.h */

#ifndef GENANN_RANDOM
/* We use the following for uniform random numbers between 0 and 1.
 * If you have a better function, redefine this macro. */
#define GENANN_RANDOM() (((double)rand())/RAND_MAX)
#endif

struct genann;

typedef double (*genann_actfun)(const struct genann *ann, double a);

typedef struct genann {
    /* How many inputs, outputs, and hidden neurons. */
    int inputs, hidden_layers, hidden, outputs;

    /* Which activation function to use for hidden neurons. Default: gennann_act_sigmoid_cached*/
    genann_actfun activation_hidden;

    /* Which activation function to use for output. Default: gennann_act_sigmoid_cached*/
    genann_actfun activation_output;

    /* Total number of weights, and size of weights buffer. */
    int total_weights;

    /* Total number of neurons + inputs and size of output buffer. */
    int total_neurons;

    /* All weights (total_weights long). */
    double *weight;

    /* Stores input array and output of each neuron (total_neurons long). */
    double *output;

    /* Stores delta of each hidden and output neuron (total_neurons - inputs long). */
    double *delta;

} genann;

genann *genann_init(int inputs, int hidden_layers, int hidden, int outputs);
genann *genann_copy(genann const *ann);
void genann_free(genann *ann);
double const *genann_run(genann const *ann, double const *inputs);
void genann_train(genann const *ann, double const *inputs, double const *desired_outputs, double learning_rate);
void genann_randomize(genann *ann);
void genann_init_sigmoid_lookup(const genann *ann);
double genann_act_sigmoid(const genann *ann, double a);
double genann_act_sigmoid_cached(const genann *ann, double a);
double genann_act_threshold(const genann *ann, double a);
double genann_act_linear(const genann *ann, double a);

/* ---------------------------------------------------------------- genann.c */

#ifndef genann_act
#define genann_act_hidden genann_act_hidden_indirect
#define genann_act_output genann_act_output_indirect
#else
#define genann_act_hidden genann_act
#define genann_act_output genann_act
#endif

#define LOOKUP_SIZE 4096

double genann_act_hidden_indirect(const struct genann *ann, double a) {
    return ann->activation_hidden(ann, a);
}

double genann_act_output_indirect(const struct genann *ann, double a) {
    return ann->activation_output(ann, a);
}

const double sigmoid_dom_min = -15.0;
const double sigmoid_dom_max = 15.0;
double interval;
double lookup[LOOKUP_SIZE];

#ifdef __GNUC__
#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)
#define unused          __attribute__((unused))
#else
#define likely(x)       x
#define unlikely(x)     x
#define unused
#pragma warning(disable : 4996) /* For fscanf */
#endif


double genann_act_sigmoid(const genann *ann unused, double a) {
    if (a < -45.0) return 0;
    if (a > 45.0) return 1;
    return 1.0 / (1 + exp(-a));
}

void genann_init_sigmoid_lookup(const genann *ann) {
        const double f = (sigmoid_dom_max - sigmoid_dom_min) / LOOKUP_SIZE;
        int i;

        interval = LOOKUP_SIZE / (sigmoid_dom_max - sigmoid_dom_min);
        for (i = 0; i < LOOKUP_SIZE; ++i) {
            lookup[i] = genann_act_sigmoid(ann, sigmoid_dom_min + f * i);
        }
}

double genann_act_sigmoid_cached(const genann *ann unused, double a) {
    assert(!isnan(a));

    if (a < sigmoid_dom_min) return lookup[0];
    if (a >= sigmoid_dom_max) return lookup[LOOKUP_SIZE - 1];

    size_t j = (size_t)((a-sigmoid_dom_min)*interval+0.5);

    /* Because floating point... */
    if (unlikely(j >= LOOKUP_SIZE)) return lookup[LOOKUP_SIZE - 1];

    return lookup[j];
}

double genann_act_linear(const struct genann *ann unused, double a) {
    return a;
}

double genann_act_threshold(const struct genann *ann unused, double a) {
    return a > 0;
}

genann *genann_init(int inputs, int hidden_layers, int hidden, int outputs) {
    if (hidden_layers < 0) return 0;
    if (inputs < 1) return 0;
    if (outputs < 1) return 0;
    if (hidden_layers > 0 && hidden < 1) return 0;


    const int hidden_weights = hidden_layers ? (inputs+1) * hidden + (hidden_layers-1) * (hidden+1) * hidden : 0;
    const int output_weights = (hidden_layers ? (hidden+1) : (inputs+1)) * outputs;
    const int total_weights = (hidden_weights + output_weights);

    const int total_neurons = (inputs + hidden * hidden_layers + outputs);

    /* Allocate extra size for weights, outputs, and deltas. */
    const int size = sizeof(genann) + sizeof(double) * (total_weights + total_neurons + (total_neurons - inputs));
    genann *ret = malloc(size);
    if (!ret) return 0;

    ret->inputs = inputs;
    ret->hidden_layers = hidden_layers;
    ret->hidden = hidden;
    ret->outputs = outputs;

    ret->total_weights = total_weights;
    ret->total_neurons = total_neurons;

    /* Set pointers. */
    ret->weight = (double*)((char*)ret + sizeof(genann));
    ret->output = ret->weight + ret->total_weights;
    ret->delta = ret->output + ret->total_neurons;

    genann_randomize(ret);

    ret->activation_hidden = genann_act_sigmoid_cached;
    ret->activation_output = genann_act_sigmoid_cached;

    genann_init_sigmoid_lookup(ret);

    return ret;
}

genann *genann_copy(genann const *ann) {
    const int size = sizeof(genann) + sizeof(double) * (ann->total_weights + ann->total_neurons + (ann->total_neurons - ann->inputs));
    genann *ret = malloc(size);
    if (!ret) return 0;

    memcpy(ret, ann, size);

    /* Set pointers. */
    ret->weight = (double*)((char*)ret + sizeof(genann));
    ret->output = ret->weight + ret->total_weights;
    ret->delta = ret->output + ret->total_neurons;

    return ret;
}

void genann_randomize(genann *ann) {
    int i;
    for (i = 0; i < ann->total_weights; ++i) {
        double r = GENANN_RANDOM();
        /* Sets weights from -0.5 to 0.5. */
        ann->weight[i] = r - 0.5;
    }
}

void genann_free(genann *ann) {
    /* The weight, output, and delta pointers go to the same buffer. */
    free(ann);
}

double const *genann_run(genann const *ann, double const *inputs) {
    double const *w = ann->weight;
    double *o = ann->output + ann->inputs;
    double const *i = ann->output;

    /* Copy the inputs to the scratch area, where we also store each neuron's
     * output, for consistency. This way the first layer isn't a special case. */
    memcpy(ann->output, inputs, sizeof(double) * ann->inputs);

    int h, j, k;

    if (!ann->hidden_layers) {
        double *ret = o;
        for (j = 0; j < ann->outputs; ++j) {
            double sum = *w++ * -1.0;
            for (k = 0; k < ann->inputs; ++k) {
                sum += *w++ * i[k];
            }
            *o++ = genann_act_output(ann, sum);
        }

        return ret;
    }

    /* Figure input layer */
    for (j = 0; j < ann->hidden; ++j) {
        double sum = *w++ * -1.0;
        for (k = 0; k < ann->inputs; ++k) {
            sum += *w++ * i[k];
        }
        *o++ = genann_act_hidden(ann, sum);
    }

    i += ann->inputs;

    /* Figure hidden layers, if any. */
    for (h = 1; h < ann->hidden_layers; ++h) {
        for (j = 0; j < ann->hidden; ++j) {
            double sum = *w++ * -1.0;
            for (k = 0; k < ann->hidden; ++k) {
                sum += *w++ * i[k];
            }
            *o++ = genann_act_hidden(ann, sum);
        }

        i += ann->hidden;
    }

    double const *ret = o;

    /* Figure output layer. */
    for (j = 0; j < ann->outputs; ++j) {
        double sum = *w++ * -1.0;
        for (k = 0; k < ann->hidden; ++k) {
            sum += *w++ * i[k];
        }
        *o++ = genann_act_output(ann, sum);
    }

    /* Sanity check that we used all weights and wrote all outputs. */
    assert(w - ann->weight == ann->total_weights);
    assert(o - ann->output == ann->total_neurons);

    return ret;
}

void genann_train(genann const *ann, double const *inputs, double const *desired_outputs, double learning_rate) {
    /* To begin with, we must run the network forward. */
    genann_run(ann, inputs);

    int h, j, k;

    /* First set the output layer deltas. */
    {
        double const *o = ann->output + ann->inputs + ann->hidden * ann->hidden_layers; /* First output. */
        double *d = ann->delta + ann->hidden * ann->hidden_layers; /* First delta. */
        double const *t = desired_outputs; /* First desired output. */


        /* Set output layer deltas. */
        if (genann_act_output == genann_act_linear ||
                ann->activation_output == genann_act_linear) {
            for (j = 0; j < ann->outputs; ++j) {
                *d++ = *t++ - *o++;
            }
        } else {
            for (j = 0; j < ann->outputs; ++j) {
                *d++ = (*t - *o) * *o * (1.0 - *o);
                ++o; ++t;
            }
        }
    }


    /* Set hidden layer deltas, start on last layer and work backwards. */
    /* Note that loop is skipped in the case of hidden_layers == 0. */
    for (h = ann->hidden_layers - 1; h >= 0; --h) {

        /* Find first output and delta in this layer. */
        double const *o = ann->output + ann->inputs + (h * ann->hidden);
        double *d = ann->delta + (h * ann->hidden);

        /* Find first delta in following layer (which may be hidden or output). */
        double const * const dd = ann->delta + ((h+1) * ann->hidden);

        /* Find first weight in following layer (which may be hidden or output). */
        double const * const ww = ann->weight + ((ann->inputs+1) * ann->hidden) + ((ann->hidden+1) * ann->hidden * (h));

        for (j = 0; j < ann->hidden; ++j) {

            double delta = 0;

            for (k = 0; k < (h == ann->hidden_layers-1 ? ann->outputs : ann->hidden); ++k) {
                const double forward_delta = dd[k];
                const int windex = k * (ann->hidden + 1) + (j + 1);
                const double forward_weight = ww[windex];
                delta += forward_delta * forward_weight;
            }

            *d = *o * (1.0-*o) * delta;
            ++d; ++o;
        }
    }


    /* Train the outputs. */
    {
        /* Find first output delta. */
        double const *d = ann->delta + ann->hidden * ann->hidden_layers; /* First output delta. */

        /* Find first weight to first output delta. */
        double *w = ann->weight + (ann->hidden_layers
                ? ((ann->inputs+1) * ann->hidden + (ann->hidden+1) * ann->hidden * (ann->hidden_layers-1))
                : (0));

        /* Find first output in previous layer. */
        double const * const i = ann->output + (ann->hidden_layers
                ? (ann->inputs + (ann->hidden) * (ann->hidden_layers-1))
                : 0);

        /* Set output layer weights. */
        for (j = 0; j < ann->outputs; ++j) {
            *w++ += *d * learning_rate * -1.0;
            for (k = 1; k < (ann->hidden_layers ? ann->hidden : ann->inputs) + 1; ++k) {
                *w++ += *d * learning_rate * i[k-1];
            }

            ++d;
        }

        assert(w - ann->weight == ann->total_weights);
    }


    /* Train the hidden layers. */
    for (h = ann->hidden_layers - 1; h >= 0; --h) {

        /* Find first delta in this layer. */
        double const *d = ann->delta + (h * ann->hidden);

        /* Find first input to this layer. */
        double const *i = ann->output + (h
                ? (ann->inputs + ann->hidden * (h-1))
                : 0);

        /* Find first weight to this layer. */
        double *w = ann->weight + (h
                ? ((ann->inputs+1) * ann->hidden + (ann->hidden+1) * (ann->hidden) * (h-1))
                : 0);


        for (j = 0; j < ann->hidden; ++j) {
            *w++ += *d * learning_rate * -1.0;
            for (k = 1; k < (h == 0 ? ann->inputs : ann->hidden) + 1; ++k) {
                *w++ += *d * learning_rate * i[k-1];
            }
            ++d;
        }

    }

}

/* ------------------------------------------------------------- the loss */

/* Half the squared error of the network on one example: what
** genann_train descends. */
double genann_loss(genann const *ann, double const *inputs, double const *desired_outputs) {
    double const *out = genann_run(ann, inputs);
    double e = 0;
    for (int j = 0; j < ann->outputs; ++j) {
        double d = out[j] - desired_outputs[j];
        e += d * d;
    }
    return e / 2;
}

#pragma ad grad(genann_loss) wrt(ann[1])

#include "genann.ad.h"

/* ------------------------------------------------------------- the checks */

/* The gradient from the deltas genann_train leaves, in the order of its
** two "Train" loops: weight w gets learning_rate * delta * input, so
** dloss/dw = -delta * input (input -1 for the bias weight). */
static void gradient_from_deltas(genann const *ann, double *g) {
    int h, j, k;
    {
        double const *d = ann->delta + ann->hidden * ann->hidden_layers;
        double *w = g + (ann->hidden_layers
                ? ((ann->inputs+1) * ann->hidden + (ann->hidden+1) * ann->hidden * (ann->hidden_layers-1))
                : (0));
        double const * const i = ann->output + (ann->hidden_layers
                ? (ann->inputs + (ann->hidden) * (ann->hidden_layers-1))
                : 0);
        for (j = 0; j < ann->outputs; ++j) {
            *w++ = -(*d * -1.0);
            for (k = 1; k < (ann->hidden_layers ? ann->hidden : ann->inputs) + 1; ++k) {
                *w++ = -(*d * i[k-1]);
            }
            ++d;
        }
    }
    for (h = ann->hidden_layers - 1; h >= 0; --h) {
        double const *d = ann->delta + (h * ann->hidden);
        double const *i = ann->output + (h ? (ann->inputs + ann->hidden * (h-1)) : 0);
        double *w = g + (h ? ((ann->inputs+1) * ann->hidden + (ann->hidden+1) * (ann->hidden) * (h-1)) : 0);
        for (j = 0; j < ann->hidden; ++j) {
            *w++ = -(*d * -1.0);
            for (k = 1; k < (h == 0 ? ann->inputs : ann->hidden) + 1; ++k) {
                *w++ = -(*d * i[k-1]);
            }
            ++d;
        }
    }
}

static void check_network(const char *name, int inputs, int hidden_layers, int hidden, int outputs,
                          genann_actfun act_output) {
    printf("-- %s: genann_init(%d, %d, %d, %d)\n", name, inputs, hidden_layers, hidden, outputs);
    genann *ann = genann_init(inputs, hidden_layers, hidden, outputs);
    ann->activation_hidden = genann_act_sigmoid;
    ann->activation_output = act_output;
    /* larger weights than genann_randomize's, so no sigmoid is near linear */
    for (int i = 0; i < ann->total_weights; ++i) ann->weight[i] = 4.0 * (GENANN_RANDOM() - 0.5);
    int nw = ann->total_weights;
    double in[8], want[8];
    for (int i = 0; i < inputs; i++) in[i] = GENANN_RANDOM() * 2 - 1;
    for (int i = 0; i < outputs; i++) want[i] = GENANN_RANDOM();

    double *g = malloc(sizeof(double) * nw), *oracle = malloc(sizeof(double) * nw);
    double loss = genann_loss(ann, in, want);
    double *outs = malloc(sizeof(double) * ann->total_neurons);
    memcpy(outs, ann->output, sizeof(double) * ann->total_neurons);
    for (int i = 0; i < ann->total_neurons; i++) ann->output[i] = -1.0;

    /* cc-ad's gradient: the gradient's weight storage in a copy of the
    ** network, as the shadow of ann */
    genann *ann_bar = genann_copy(ann);
    memset(ann_bar->weight, 0, sizeof(double) * (nw + 2 * ann->total_neurons - ann->inputs));
    double y = genann_loss_grad(ann, ann_bar, in, want);
    memcpy(g, ann_bar->weight, sizeof(double) * nw);
    CHECK_CLOSE("grad primal", y, loss, 0, 0);
    CHECK_TRUE("ann->output as genann_loss leaves it",
               memcmp(outs, ann->output, sizeof(double) * ann->total_neurons) == 0);
    free(outs);

    /* genann_train's backprop on a copy */
    genann *trained = genann_copy(ann);
    const double lr = 0.5;
    genann_train(trained, in, want, lr);
    gradient_from_deltas(trained, oracle);
    CHECK_VEC_CLOSE("grad vs genann_train's deltas", g, oracle, nw, 1e-10, 1e-13 * oracle_norm_inf(oracle, nw));
    double *stepped = calloc(nw, sizeof(double));
    for (int i = 0; i < nw; i++) stepped[i] = ann->weight[i] - lr * g[i];
    CHECK_VEC_CLOSE("genann_train's weights = w - lr * grad", trained->weight, stepped, nw, 1e-13, 1e-15);

    /* central differences on every weight */
    for (int i = 0; i < nw; i++) {
        double keep = ann->weight[i], h = oracle_fd_step(keep, DBL_EPSILON);
        ann->weight[i] = keep + h;
        double fp = genann_loss(ann, in, want);
        ann->weight[i] = keep - h;
        double fm = genann_loss(ann, in, want);
        ann->weight[i] = keep;
        oracle[i] = (fp - fm) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad vs central differences", g, oracle, nw, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    free(stepped);
    free(g);
    free(oracle);
    genann_free(trained);
    genann_free(ann_bar);
    genann_free(ann);
}

int main(void) {
    srand(14);
    check_network("2 hidden layers, sigmoid output", 3, 2, 4, 2, genann_act_sigmoid);
    check_network("2 hidden layers, linear output", 3, 2, 4, 2, genann_act_linear);
    check_network("no hidden layer", 4, 0, 0, 3, genann_act_sigmoid);
    /* genann's default: the cached sigmoid, whose derivative cc-ad says is
    ** zero (a float-to-int index): the primal still runs as genann's */
    genann *ann = genann_init(2, 1, 3, 1);
    genann *ann_bar = genann_copy(ann);
    memset(ann_bar->weight, 0, sizeof(double) * (ann->total_weights + 2 * ann->total_neurons - ann->inputs));
    double in[2] = {0.25, -0.5}, want[1] = {0.75};
    CHECK_CLOSE("cached sigmoid: grad primal", genann_loss_grad(ann, ann_bar, in, want), genann_loss(ann, in, want),
                0, 0);
    genann_free(ann_bar);
    genann_free(ann);
    return oracle_result();
}
