/*
** grad/field_llm: llm.c's way of holding a model (our own code, its
** shapes): ParameterTensors and ActivationTensors, structs of pointers
** into one parameter block and one activation block, pointed by
** fill_in_parameter_sizes / point_parameters (float **ptrs[] =
** {&params->wte, ...}; *(ptrs[i]) = it; it += sizes[i]), both held in a
** GPT2 struct with the blocks and the loss; gpt2_forward copies them out
** (ParameterTensors params = model->params;) and runs an encoder, a
** layernorm with its mean/rstd caches, a tied-weight matmul and softmax
** cross-entropy, as llm.c writes them (in double). Fields that point into
** one block must share its class: the gradient in the parameter block
** flows through wte (two uses) and through the activations.
** A second model points its views with direct stores (acts->lnf = it,
** params->wpe = params->wte + n): each field its own pointee in the
** analysis, each of which must end in its block's class.
** Oracles: central differences of the loss (h ~ 6e-6, ORACLE_RTOL_FD);
** vjp against jvp by the dot-product test (1e-12).
*/
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

#define NUM_PARAMETER_TENSORS 4
typedef struct {
    double *wte;  /* (V, C) */
    double *wpe;  /* (T, C) */
    double *lnfw; /* (C) */
    double *lnfb; /* (C) */
} ParameterTensors;

#define NUM_ACTIVATION_TENSORS 7
typedef struct {
    double *encoded; /* (T, C) */
    double *lnf;     /* (T, C) */
    double *lnf_mean; /* (T) */
    double *lnf_rstd; /* (T) */
    double *logits;  /* (T, V) */
    double *probs;   /* (T, V) */
    double *losses;  /* (T) */
} ActivationTensors;

typedef struct {
    int V, T, C;
    ParameterTensors params;
    size_t param_sizes[NUM_PARAMETER_TENSORS];
    double *params_memory;
    ActivationTensors acts;
    size_t act_sizes[NUM_ACTIVATION_TENSORS];
    double *acts_memory;
    double mean_loss;
} GPT2;

void fill_in_parameter_sizes(size_t *param_sizes, int V, int T, int C)
{
    param_sizes[0] = (size_t)V * C;
    param_sizes[1] = (size_t)T * C;
    param_sizes[2] = (size_t)C;
    param_sizes[3] = (size_t)C;
}

void point_parameters(ParameterTensors *params, const size_t *param_sizes, double *params_memory)
{
    double **ptrs[] = {&params->wte, &params->wpe, &params->lnfw, &params->lnfb};
    double *params_memory_iterator = params_memory;
    for (size_t i = 0; i < NUM_PARAMETER_TENSORS; i++) {
        *(ptrs[i]) = params_memory_iterator;
        params_memory_iterator += param_sizes[i];
    }
}

void fill_in_activation_sizes(size_t *act_sizes, int V, int T, int C)
{
    act_sizes[0] = (size_t)T * C;
    act_sizes[1] = (size_t)T * C;
    act_sizes[2] = (size_t)T;
    act_sizes[3] = (size_t)T;
    act_sizes[4] = (size_t)T * V;
    act_sizes[5] = (size_t)T * V;
    act_sizes[6] = (size_t)T;
}

void point_activations(ActivationTensors *acts, const size_t *act_sizes, double *acts_memory)
{
    double **ptrs[] = {&acts->encoded, &acts->lnf, &acts->lnf_mean, &acts->lnf_rstd,
                       &acts->logits, &acts->probs, &acts->losses};
    double *acts_memory_iterator = acts_memory;
    for (size_t i = 0; i < NUM_ACTIVATION_TENSORS; i++) {
        *(ptrs[i]) = acts_memory_iterator;
        acts_memory_iterator += act_sizes[i];
    }
}

/* the same views, pointed field by field */
void point_parameters_direct(ParameterTensors *params, const size_t *param_sizes, double *it)
{
    params->wte = it;
    params->wpe = params->wte + param_sizes[0];
    params->lnfw = params->wpe + param_sizes[1];
    params->lnfb = params->lnfw + param_sizes[2];
}

void point_activations_direct(ActivationTensors *acts, const size_t *act_sizes, double *it)
{
    acts->encoded = it;
    it += act_sizes[0];
    acts->lnf = it;
    it += act_sizes[1];
    acts->lnf_mean = it;
    it += act_sizes[2];
    acts->lnf_rstd = it;
    it += act_sizes[3];
    acts->logits = it;
    it += act_sizes[4];
    acts->probs = it;
    it += act_sizes[5];
    acts->losses = it;
}

void encoder_forward(double *out, const int *inp, const double *wte, const double *wpe, int T, int C)
{
    for (int t = 0; t < T; t++) {
        double *out_t = out + t * C;
        int ix = inp[t];
        const double *wte_ix = wte + ix * C;
        const double *wpe_t = wpe + t * C;
        for (int i = 0; i < C; i++)
            out_t[i] = wte_ix[i] + wpe_t[i];
    }
}

void layernorm_forward(double *out, double *mean, double *rstd, const double *inp, const double *weight,
                       const double *bias, int T, int C)
{
    double eps = 1e-5;
    for (int t = 0; t < T; t++) {
        const double *x = inp + t * C;
        double m = 0.0;
        for (int i = 0; i < C; i++)
            m += x[i];
        m = m / C;
        double v = 0.0;
        for (int i = 0; i < C; i++) {
            double xshift = x[i] - m;
            v += xshift * xshift;
        }
        v = v / C;
        double s = 1.0 / sqrt(v + eps);
        double *out_t = out + t * C;
        for (int i = 0; i < C; i++) {
            double n = (s * (x[i] - m));
            out_t[i] = n * weight[i] + bias[i];
        }
        mean[t] = m;
        rstd[t] = s;
    }
}

void matmul_forward(double *out, const double *inp, const double *weight, const double *bias, int T, int C, int OC)
{
    for (int t = 0; t < T; t++) {
        double *out_t = out + t * OC;
        const double *inp_t = inp + t * C;
        for (int o = 0; o < OC; o++) {
            double val = (bias != NULL) ? bias[o] : 0.0;
            const double *wrow = weight + o * C;
            for (int i = 0; i < C; i++)
                val += inp_t[i] * wrow[i];
            out_t[o] = val;
        }
    }
}

void softmax_forward(double *probs, const double *logits, int T, int V)
{
    for (int t = 0; t < T; t++) {
        const double *logits_t = logits + t * V;
        double *probs_t = probs + t * V;
        double maxval = -10000.0;
        for (int i = 0; i < V; i++)
            if (logits_t[i] > maxval)
                maxval = logits_t[i];
        double sum = 0.0;
        for (int i = 0; i < V; i++) {
            probs_t[i] = exp(logits_t[i] - maxval);
            sum += probs_t[i];
        }
        for (int i = 0; i < V; i++)
            probs_t[i] /= sum;
    }
}

void crossentropy_forward(double *losses, const double *probs, const int *targets, int T, int V)
{
    for (int t = 0; t < T; t++) {
        const double *probs_t = probs + t * V;
        int ix = targets[t];
        losses[t] = -log(probs_t[ix]);
    }
}

void gpt2_forward(GPT2 *model, const int *inputs, const int *targets)
{
    int V = model->V, T = model->T, C = model->C;
    ParameterTensors params = model->params;
    ActivationTensors acts = model->acts;
    encoder_forward(acts.encoded, inputs, params.wte, params.wpe, T, C);
    layernorm_forward(acts.lnf, acts.lnf_mean, acts.lnf_rstd, acts.encoded, params.lnfw, params.lnfb, T, C);
    matmul_forward(acts.logits, acts.lnf, params.wte, NULL, T, C, V);
    softmax_forward(acts.probs, acts.logits, T, V);
    crossentropy_forward(acts.losses, acts.probs, targets, T, V);
    double mean_loss = 0.0;
    for (int t = 0; t < T; t++)
        mean_loss += acts.losses[t];
    mean_loss /= T;
    model->mean_loss = mean_loss;
}

double gpt2_loss(double *params_memory, double *acts_memory, const int *inputs, const int *targets, int V, int T,
                 int C)
{
    GPT2 model;
    model.V = V;
    model.T = T;
    model.C = C;
    fill_in_parameter_sizes(model.param_sizes, V, T, C);
    point_parameters(&model.params, model.param_sizes, params_memory);
    model.params_memory = params_memory;
    fill_in_activation_sizes(model.act_sizes, V, T, C);
    point_activations(&model.acts, model.act_sizes, acts_memory);
    model.acts_memory = acts_memory;
    gpt2_forward(&model, inputs, targets);
    return model.mean_loss;
}

/* the views pointed directly, the model a local of its own */
double gpt2_loss_direct(double *params_memory, double *acts_memory, const int *inputs, const int *targets, int V,
                        int T, int C)
{
    GPT2 model = {0};
    model.V = V;
    model.T = T;
    model.C = C;
    fill_in_parameter_sizes(model.param_sizes, V, T, C);
    point_parameters_direct(&model.params, model.param_sizes, params_memory);
    fill_in_activation_sizes(model.act_sizes, V, T, C);
    point_activations_direct(&model.acts, model.act_sizes, acts_memory);
    gpt2_forward(&model, inputs, targets);
    return model.mean_loss;
}

#define NP (V * C + T * C + 2 * C)
#define NA (3 * T * C + 3 * T + 2 * T * V)
#pragma ad grad(gpt2_loss) wrt(params_memory[NP]) scratch(acts_memory[NA])
#pragma ad vjp(gpt2_loss) wrt(params_memory[NP]) scratch(acts_memory[NA])
#pragma ad jvp(gpt2_loss) wrt(params_memory[NP]) scratch(acts_memory[NA])
#pragma ad grad(gpt2_loss_direct) wrt(params_memory[NP]) scratch(acts_memory[NA])

#include "field_llm.ad.h"

enum { V_ = 5, T_ = 3, C_ = 4, NP_ = V_ * C_ + T_ * C_ + 2 * C_, NA_ = 3 * T_ * C_ + 3 * T_ + 2 * T_ * V_ };

static const int INP[T_] = {1, 4, 0}, TGT[T_] = {4, 0, 2};

typedef double (*LossFn)(double *, double *, const int *, const int *, int, int, int);

static void check_fd(const char *label, LossFn f, const double *p, const double *g)
{
    double acts[NA_], fd[NP_];
    for (int j = 0; j < NP_; j++) {
        double pp[NP_];
        memcpy(pp, p, sizeof pp);
        double h = oracle_fd_step(p[j], DBL_EPSILON);
        pp[j] = p[j] + h;
        double fp = f(pp, acts, INP, TGT, V_, T_, C_);
        pp[j] = p[j] - h;
        fd[j] = (fp - f(pp, acts, INP, TGT, V_, T_, C_)) / (2 * h);
    }
    CHECK_VEC_CLOSE(label, g, fd, NP_, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
}

int main(void)
{
    OracleRng rng = oracle_rng(2024);
    double p[NP_], g[NP_], acts[NA_], v[NP_], b[NP_] = {0}, d = 0;
    oracle_fill_uniform(&rng, p, NP_, -0.5, 0.5);
    for (int i = 0; i < C_; i++)
        p[V_ * C_ + T_ * C_ + i] = 1.0 + 0.1 * i; /* lnfw near 1 */
    oracle_fill_uniform(&rng, v, NP_, -1.0, 1.0);

    double y = gpt2_loss(p, acts, INP, TGT, V_, T_, C_);
    CHECK_CLOSE("grad primal", gpt2_loss_grad(p, g, acts, INP, TGT, V_, T_, C_), y, 0, 0);
    check_fd("grad vs fd", gpt2_loss, p, g);
    gpt2_loss_vjp(p, b, acts, INP, TGT, V_, T_, C_, 1.0);
    gpt2_loss_jvp(p, v, acts, INP, TGT, V_, T_, C_, &d);
    CHECK_CLOSE("dot test", oracle_dot(b, v, NP_), d, ORACLE_RTOL_DOT, 1e-14);

    y = gpt2_loss_direct(p, acts, INP, TGT, V_, T_, C_);
    CHECK_CLOSE("direct grad primal", gpt2_loss_direct_grad(p, g, acts, INP, TGT, V_, T_, C_), y, 0, 0);
    check_fd("direct grad vs fd", gpt2_loss_direct, p, g);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
