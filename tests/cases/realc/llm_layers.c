// CFLAGS: -fopenmp
// LIBS: -fopenmp
// NO-STANDALONE-HEADER: GPT2Config is an untagged struct (typedef struct { ... } GPT2Config; as llm.c writes it) and this file includes its own header after defining it, so the header cannot define it again; a separate driver gets the definition (checked by hand: that header compiles alone, twice)
/*
** realc/llm_layers: the forward pass of llm.c's train_gpt2.c as llm.c writes
** it (our own code, same shapes, signatures and OpenMP pragmas): the
** encoder's gathers by int token ids, layernorm with its mean/rstd caches,
** matmul_forward (the LOOP_UNROLL-tiled one with 'const int LOOP_UNROLL = 8;
** float result[LOOP_UNROLL];' and its fallback to matmul_forward_naive with
** '#pragma omp parallel for collapse(2)'), attention (preatt/att, causal
** softmax with -10000 masking, 1.0 / sqrtf(hs)), GELU, residual, softmax
** over a padded vocabulary and the cross-entropy of int targets. The model
** (2 layers, B=2, T=4, C=8, NH=2, V=11, Vp=12) is gpt2_forward's body over
** one block of parameters and one of activations, the tensors pointed into
** them through llm.c's 'float** ptrs[] = {&params->wte, ...}' loop.
** Zero edits: grad of the mean loss wrt params_memory, the activations a
** scratch block. Regressions: the generated code repeated gpt2_forward's
** int-against-size_t comparisons and failed -Wextra -Werror; the views
** that point_parameters stores were not known to point into the blocks, so
** the activations were left as the backward sweep restored them
** (grad/point_into_block). matmul_forward's own vjp runs both sweeps of
** the tiled loop in parallel (LOOP_UNROLL is the constant 8; bias, which
** llm.c tests against NULL, gets atomic updates of bias_bar, not a
** reduction over a section that may be NULL: a crash when the loop first
** went parallel). Known limit (a note, not a failure): inside the grad of
** the whole model, matmul_forward is a helper whose result[] lives in a
** frame, and there the loop's reverse sweeps run on one thread.
**
** Oracles:
**  - llm.c's hand-written backward passes (gpt2_backward with matmul_backward,
**    layernorm_backward, attention_backward, gelu_backward,
**    residual_backward, crossentropy_softmax_backward, encoder_backward),
**    as llm.c writes them. Both sides compute in float with different
**    orders of summation: an entry of the gradient is a sum of a few hundred
**    products through 2 layers, each rounded to float (u = 6e-8), so the two
**    differ by ~ sqrt(n) * u * (sum of |terms|), a few 1e-7 of the largest
**    entry; the check is 1e-4 relative with an absolute floor of 2e-5 times
**    the largest entry (measured: below 1e-6 of it), while any wrong rule is
**    off by O(1) of an entry.
**  - central differences of the float loss on a few coordinates, the
**    quotient taken in double with h = 1e-2 (float's cbrt(eps) ~ 5e-3, the
**    rounding term u * |loss| / h ~ 1.5e-5 against entries ~ 1e-2 .. 1e-1,
**    truncation h^2 f''' / 6 ~ 1e-5): 3e-2 relative with floor 1e-4 is
**    a sanity check of the oracle itself, not the tight test.
**  - the gradient with 2 OpenMP threads against 1 (the backward sweep's
**    per-thread adjoint copies reassociate float sums: 1e-5 relative,
**    floor 1e-6 of the largest).
**  - jvp of the loss along a random direction against <grad, v> (1e-4 of
**    sum |grad_i v_i|: two float sums of the same products), 1 and 2 threads.
**  - vjp of matmul_forward alone (both its tiled path, B*T = 8, and its
**    naive fallback, B*T = 3, with a NULL bias as gpt2_forward passes for
**    the logits) against matmul_backward, the same float tolerance, with
**    1 and 2 threads.
*/
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

/* llm.c builds with -Wall, not -Wextra: its int counters against size_t
** sizes (gpt2_forward) are as it writes them */
#pragma GCC diagnostic ignored "-Wsign-compare"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* ----------------------------------------------------------------------------
** all the individual layers' forward passes, as train_gpt2.c writes them */

void encoder_forward(float* out,
                   int* inp, float* wte, float* wpe,
                   int B, int T, int C) {
    // out is (B,T,C). At each position (b,t), a C-dimensional vector summarizing token & position
    // inp is (B,T) of integers, holding the token ids at each (b,t) position
    // wte is (V,C) of token embeddings, short for "weight token embeddings"
    // wpe is (maxT,C) of position embeddings, short for "weight positional embedding"
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            // seek to the output position in out[b,t,:]
            float* out_bt = out + b * T * C + t * C;
            // get the index of the token at inp[b, t]
            int ix = inp[b * T + t];
            // seek to the position in wte corresponding to the token
            float* wte_ix = wte + ix * C;
            // seek to the position in wpe corresponding to the position
            float* wpe_t = wpe + t * C;
            // add the two vectors and store the result in out[b,t,:]
            for (int i = 0; i < C; i++) {
                out_bt[i] = wte_ix[i] + wpe_t[i];
            }
        }
    }
}

void layernorm_forward(float* out, float* mean, float* rstd,
                       float* inp, float* weight, float* bias,
                       int B, int T, int C) {
    // reference: https://pytorch.org/docs/stable/generated/torch.nn.LayerNorm.html
    // both inp and out are (B,T,C) of the activations
    // mean and rstd are (B,T) buffers, to be used later in backward pass
    // at each position (b,t) of the input, the C-dimensional vector
    // of activations gets normalized, then scaled and shifted
    float eps = 1e-5f;
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            // seek to the input position inp[b,t,:]
            float* x = inp + b * T * C + t * C;
            // calculate the mean
            float m = 0.0f;
            for (int i = 0; i < C; i++) {
                m += x[i];
            }
            m = m/C;
            // calculate the variance (without any bias correction)
            float v = 0.0f;
            for (int i = 0; i < C; i++) {
                float xshift = x[i] - m;
                v += xshift * xshift;
            }
            v = v/C;
            // calculate the rstd (reciprocal standard deviation)
            float s = 1.0f / sqrtf(v + eps);
            // seek to the output position in out[b,t,:]
            float* out_bt = out + b * T * C + t * C;
            for (int i = 0; i < C; i++) {
                float n = (s * (x[i] - m)); // normalize
                float o = n * weight[i] + bias[i]; // scale and shift
                out_bt[i] = o; // write
            }
            // cache the mean and rstd for the backward pass later
            mean[b * T + t] = m;
            rstd[b * T + t] = s;
        }
    }
}

void matmul_forward_naive(float* out,
                         const float* inp, const float* weight, const float* bias,
                         int B, int T, int C, int OC) {
    // the most naive implementation of matrix multiplication
    // this serves as an algorithmic reference, and as a fallback for
    // unfriendly input shapes inside matmul_forward(), below.
    #pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            int bt = b * T + t;
            for (int o = 0; o < OC; o++) {
                float val = (bias != NULL) ? bias[o] : 0.0f;
                for (int i = 0; i < C; i++) {
                    val += inp[bt * C + i] * weight[o*C + i];
                }
                out[bt * OC + o] = val;
            }
        }
    }
}

void matmul_forward(float* out,
                    const float* inp, const float* weight, const float* bias,
                    int B, int T, int C, int OC) {
    // most of the running time is spent here and in matmul_backward
    // therefore, the implementation below is very mildly optimized
    // this function is otherwise identical to that of matmul_forward_naive()
    // OC is short for "output channels"
    // inp is (B,T,C), weight is (OC, C), bias is (OC)
    // out will be (B,T,OC)

    // make sure the tiled loop will be correct or fallback to naive version
    const int LOOP_UNROLL = 8;
    if (B*T % LOOP_UNROLL != 0) {
        matmul_forward_naive(out, inp, weight, bias, B, T, C, OC);
        return;
    }

    // collapse the B and T loops into one and turn it into a strided loop.
    // then we can tile the inner loop, and reuse the loaded weight LOOP_UNROLL many times
    #pragma omp parallel for
    for (int obt = 0; obt < B * T; obt += LOOP_UNROLL) {
        for (int o = 0; o < OC; o++) {
            // we'll keep LOOP_UNROLL many results in registers
            float result[LOOP_UNROLL];
            // initialize the bias, if it exists
            for (int ibt = 0; ibt < LOOP_UNROLL; ibt++) {
                result[ibt] = (bias != NULL) ? bias[o] : 0.0f;
            }
            // inner loops. Because we do LOOP_UNROLL steps of inner bt, we can cache
            // the value of weight[i + o * C] and reuse it.
            // we compile with -Ofast, so the compiler will turn the inner loop into FMAs
            for (int i = 0; i < C; i++) {
                float w = weight[i + o * C];
                for (int ibt = 0; ibt < LOOP_UNROLL; ibt++) {
                    int bt = obt + ibt;
                    result[ibt] += inp[bt * C + i] * w;
                }
            }
            // write back results to main memory
            for (int ibt = 0; ibt < LOOP_UNROLL; ibt++) {
                int bt = obt + ibt;
                out[bt * OC + o] = result[ibt];
            }
        }
    }
}

void attention_forward(float* out, float* preatt, float* att,
                       float* inp,
                       int B, int T, int C, int NH) {
    // input is (B, T, 3C) holding the query, key, value (Q, K, V) vectors
    // preatt, att are (B, NH, T, T). NH = number of heads, T = sequence length
    // that holds the pre-attention and post-attention scores (used in backward)
    // output is (B, T, C)
    // attention is the only layer that mixes information across time
    // every other operation is applied at every (b,t) position independently
    // (and of course, no layer mixes information across batch)
    int C3 = C*3;
    int hs = C / NH; // head size
    float scale = 1.0 / sqrtf(hs);

    #pragma omp parallel for collapse(3)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            for (int h = 0; h < NH; h++) {
                float* query_t = inp + b * T * C3 + t * C3 + h * hs;
                float* preatt_bth = preatt + b*NH*T*T + h*T*T + t*T;
                float* att_bth = att + b*NH*T*T + h*T*T + t*T;

                // pass 1: calculate query dot key and maxval
                float maxval = -10000.0f; // TODO something better
                for (int t2 = 0; t2 <= t; t2++) {
                    float* key_t2 = inp + b * T * C3 + t2 * C3 + h * hs + C; // +C because it's key

                    // (query_t) dot (key_t2)
                    float val = 0.0f;
                    for (int i = 0; i < hs; i++) {
                        val += query_t[i] * key_t2[i];
                    }
                    val *= scale;
                    if (val > maxval) {
                        maxval = val;
                    }

                    preatt_bth[t2] = val;
                }

                // pass 2: calculate the exp and keep track of sum
                // maxval is being calculated and subtracted only for numerical stability
                float expsum = 0.0f;
                for (int t2 = 0; t2 <= t; t2++) {
                    float expv = expf(preatt_bth[t2] - maxval);
                    expsum += expv;
                    att_bth[t2] = expv;
                }
                float expsum_inv = expsum == 0.0f ? 0.0f : 1.0f / expsum;

                // pass 3: normalize to get the softmax
                for (int t2 = 0; t2 < T; t2++) {
                    if (t2 <= t) {
                        att_bth[t2] *= expsum_inv;
                    } else {
                        // causal attention mask. not strictly necessary to set to zero here
                        // only doing this explicitly for debugging and checking to PyTorch
                        att_bth[t2] = 0.0f;
                    }
                }

                // pass 4: accumulate weighted values into the output of attention
                float* out_bth = out + b * T * C + t * C + h * hs;
                for (int i = 0; i < hs; i++) { out_bth[i] = 0.0f; }
                for (int t2 = 0; t2 <= t; t2++) {
                    float* value_t2 = inp + b * T * C3 + t2 * C3 + h * hs + C*2; // +C*2 because it's value
                    float att_btht2 = att_bth[t2];
                    for (int i = 0; i < hs; i++) {
                        out_bth[i] += att_btht2 * value_t2[i];
                    }
                }
            }
        }
    }
}

#define GELU_SCALING_FACTOR sqrtf(2.0f / M_PI)
void gelu_forward(float* out, float* inp, int N) {
    // (approximate) GeLU elementwise non-linearity in the MLP block of Transformer
    for (int i = 0; i < N; i++) {
        float x = inp[i];
        float cube = 0.044715f * x * x * x;
        out[i] = 0.5f * x * (1.0f + tanhf(GELU_SCALING_FACTOR * (x + cube)));
    }
}

void residual_forward(float* out, float* inp1, float* inp2, int N) {
    for (int i = 0; i < N; i++) {
        out[i] = inp1[i] + inp2[i];
    }
}

void softmax_forward(float* probs, float* logits, int B, int T, int V, int Vp) {
    // output: probs are (B,T,Vp) of the probabilities (sums to 1.0 in each b,t position)
    // input: logits is (B,T,Vp) of the unnormalized log probabilities
    // Vp is the padded vocab size (for efficiency), V is the "real" vocab size
    // example: Vp is 50304 and V is 50257
    #pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            // probs <- softmax(logits)
            float* logits_bt = logits + b * T * Vp + t * Vp;
            float* probs_bt = probs + b * T * Vp + t * Vp;

            // maxval is only calculated and subtracted for numerical stability
            float maxval = -10000.0f; // TODO something better
            for (int i = 0; i < V; i++) {
                if (logits_bt[i] > maxval) {
                    maxval = logits_bt[i];
                }
            }
            float sum = 0.0f;
            for (int i = 0; i < V; i++) {
                probs_bt[i] = expf(logits_bt[i] - maxval);
                sum += probs_bt[i];
            }
            // note we only loop to V, leaving the padded dimensions
            for (int i = 0; i < V; i++) {
                probs_bt[i] /= sum;
            }
            // for extra super safety we may wish to include this too,
            // forcing the probabilities here to be zero, but it shouldn't matter
            for (int i = V; i < Vp; i++) {
                probs_bt[i] = 0.0f;
            }
        }
    }
}

void crossentropy_forward(float* losses,
                          float* probs, int* targets,
                          int B, int T, int Vp) {
    // output: losses is (B,T) of the individual losses at each position
    // input: probs are (B,T,Vp) of the probabilities
    // input: targets is (B,T) of integers giving the correct index in logits
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            // loss = -log(probs[target])
            float* probs_bt = probs + b * T * Vp + t * Vp;
            int ix = targets[b * T + t];
            losses[b * T + t] = -logf(probs_bt[ix]);
        }
    }
}

/* ----------------------------------------------------------------------------
** GPT-2 model definition: parameters and activations point into one block */

typedef struct {
    int max_seq_len; // max sequence length, e.g. 1024
    int vocab_size; // vocab size, e.g. 50257
    int padded_vocab_size; // padded to e.g. %128==0, 50304
    int num_layers; // number of layers, e.g. 12
    int num_heads; // number of heads in attention, e.g. 12
    int channels; // number of channels, e.g. 768
} GPT2Config;

// the parameters of the model
#define NUM_PARAMETER_TENSORS 16
typedef struct {
    float* wte; // (V, C)
    float* wpe; // (maxT, C)
    float* ln1w; // (L, C)
    float* ln1b; // (L, C)
    float* qkvw; // (L, 3*C, C)
    float* qkvb; // (L, 3*C)
    float* attprojw; // (L, C, C)
    float* attprojb; // (L, C)
    float* ln2w; // (L, C)
    float* ln2b; // (L, C)
    float* fcw; // (L, 4*C, C)
    float* fcb; // (L, 4*C)
    float* fcprojw; // (L, C, 4*C)
    float* fcprojb; // (L, C)
    float* lnfw; // (C)
    float* lnfb; // (C)
} ParameterTensors;

void fill_in_parameter_sizes(size_t* param_sizes, GPT2Config config) {
    size_t Vp = config.padded_vocab_size;
    size_t C = config.channels;
    size_t maxT = config.max_seq_len;
    size_t L = config.num_layers;
    param_sizes[0] = Vp * C; // wte
    param_sizes[1] = maxT * C; // wpe
    param_sizes[2] = L * C; // ln1w
    param_sizes[3] = L * C; // ln1b
    param_sizes[4] = L * (3 * C) * C; // qkvw
    param_sizes[5] = L * (3 * C); // qkvb
    param_sizes[6] = L * C * C; // attprojw
    param_sizes[7] = L * C; // attprojb
    param_sizes[8] = L * C; // ln2w
    param_sizes[9] = L * C; // ln2b
    param_sizes[10] = L * (4 * C) * C; // fcw
    param_sizes[11] = L * (4 * C); // fcb
    param_sizes[12] = L * C * (4 * C); // fcprojw
    param_sizes[13] = L * C; // fcprojb
    param_sizes[14] = C; // lnfw
    param_sizes[15] = C; // lnfb
}

// point all the parameter tensors into one block (llm.c's
// malloc_and_point_parameters, the block allocated by the caller)
void point_parameters(ParameterTensors* params, size_t* param_sizes, float* params_memory) {
    // assign all the tensors
    float** ptrs[] = {
        &params->wte, &params->wpe, &params->ln1w, &params->ln1b, &params->qkvw, &params->qkvb,
        &params->attprojw, &params->attprojb, &params->ln2w, &params->ln2b, &params->fcw, &params->fcb,
        &params->fcprojw, &params->fcprojb, &params->lnfw, &params->lnfb
    };
    float* params_memory_iterator = params_memory;
    for (size_t i = 0; i < NUM_PARAMETER_TENSORS; i++) {
        *(ptrs[i]) = params_memory_iterator;
        params_memory_iterator += param_sizes[i];
    }
}

#define NUM_ACTIVATION_TENSORS 23
typedef struct {
    float* encoded; // (B, T, C)
    float* ln1; // (L, B, T, C)
    float* ln1_mean; // (L, B, T)
    float* ln1_rstd; // (L, B, T)
    float* qkv; // (L, B, T, 3*C)
    float* atty; // (L, B, T, C)
    float* preatt; // (L, B, NH, T, T)
    float* att; // (L, B, NH, T, T)
    float* attproj; // (L, B, T, C)
    float* residual2; // (L, B, T, C)
    float* ln2; // (L, B, T, C)
    float* ln2_mean; // (L, B, T)
    float* ln2_rstd; // (L, B, T)
    float* fch; // (L, B, T, 4*C)
    float* fch_gelu; // (L, B, T, 4*C)
    float* fcproj; // (L, B, T, C)
    float* residual3; // (L, B, T, C)
    float* lnf; // (B, T, C)
    float* lnf_mean; // (B, T)
    float* lnf_rstd; // (B, T)
    float* logits; // (B, T, V)
    float* probs; // (B, T, V)
    float* losses; // (B, T)
} ActivationTensors;

void fill_in_activation_sizes(size_t* act_sizes, GPT2Config config, int B, int T) {
    size_t C = config.channels;
    size_t NH = config.num_heads;
    size_t L = config.num_layers;
    size_t Vp = config.padded_vocab_size;
    act_sizes[0] = B * T * C; // encoded
    act_sizes[1] = L * B * T * C; // ln1
    act_sizes[2] = L * B * T; // ln1_mean
    act_sizes[3] = L * B * T; // ln1_rstd
    act_sizes[4] = L * B * T * 3 * C; // qkv
    act_sizes[5] = L * B * T * C; // atty
    act_sizes[6] = L * B * NH * T * T; // preatt
    act_sizes[7] = L * B * NH * T * T; // att
    act_sizes[8] = L * B * T * C; // attproj
    act_sizes[9] = L * B * T * C; // residual2
    act_sizes[10] = L * B * T * C; // ln2
    act_sizes[11] = L * B * T; // ln2_mean
    act_sizes[12] = L * B * T; // ln2_rstd
    act_sizes[13] = L * B * T * 4 * C; // fch
    act_sizes[14] = L * B * T * 4 * C; // fch_gelu
    act_sizes[15] = L * B * T * C; // fcproj
    act_sizes[16] = L * B * T * C; // residual3
    act_sizes[17] = B * T * C; // lnf
    act_sizes[18] = B * T; // lnf_mean
    act_sizes[19] = B * T; // lnf_rstd
    act_sizes[20] = B * T * Vp; // logits
    act_sizes[21] = B * T * Vp; // probs
    act_sizes[22] = B * T; // losses
}

void point_activations(ActivationTensors* acts, size_t* act_sizes, float* acts_memory) {
    float** ptrs[] = {
        &acts->encoded, &acts->ln1, &acts->ln1_mean, &acts->ln1_rstd, &acts->qkv, &acts->atty,
        &acts->preatt, &acts->att, &acts->attproj, &acts->residual2, &acts->ln2, &acts->ln2_mean,
        &acts->ln2_rstd, &acts->fch, &acts->fch_gelu, &acts->fcproj, &acts->residual3, &acts->lnf,
        &acts->lnf_mean, &acts->lnf_rstd, &acts->logits, &acts->probs, &acts->losses
    };
    float* acts_memory_iterator = acts_memory;
    for (size_t i = 0; i < NUM_ACTIVATION_TENSORS; i++) {
        *(ptrs[i]) = acts_memory_iterator;
        acts_memory_iterator += act_sizes[i];
    }
}

// gpt2_forward's body over a given parameter block and activation block
// (the caller owns both, as GPT2 holds params_memory and acts_memory);
// returns the mean loss that gpt2_forward stores in model->mean_loss
float gpt2_loss(GPT2Config config, float* params_memory, float* acts_memory,
                int* inputs, int* targets, size_t B, size_t T) {
    ParameterTensors params;
    size_t param_sizes[NUM_PARAMETER_TENSORS];
    fill_in_parameter_sizes(param_sizes, config);
    point_parameters(&params, param_sizes, params_memory);
    ActivationTensors acts;
    size_t act_sizes[NUM_ACTIVATION_TENSORS];
    fill_in_activation_sizes(act_sizes, config, B, T);
    point_activations(&acts, act_sizes, acts_memory);

    // convenience parameters (size_t to help prevent int overflow)
    size_t V = config.vocab_size;
    size_t Vp = config.padded_vocab_size;
    size_t L = config.num_layers;
    size_t NH = config.num_heads;
    size_t C = config.channels;

    // forward pass
    float* residual;
    encoder_forward(acts.encoded, inputs, params.wte, params.wpe, B, T, C); // encoding goes into residual[0]
    for (int l = 0; l < L; l++) {

        residual = l == 0 ? acts.encoded : acts.residual3 + (l-1) * B * T * C;

        // get the pointers of the weights for this layer
        float* l_ln1w = params.ln1w + l * C;
        float* l_ln1b = params.ln1b + l * C;
        float* l_qkvw = params.qkvw + l * 3*C * C;
        float* l_qkvb = params.qkvb + l * 3*C;
        float* l_attprojw = params.attprojw + l * C * C;
        float* l_attprojb = params.attprojb + l * C;
        float* l_ln2w = params.ln2w + l * C;
        float* l_ln2b = params.ln2b + l * C;
        float* l_fcw = params.fcw + l * 4*C * C;
        float* l_fcb = params.fcb + l * 4*C;
        float* l_fcprojw = params.fcprojw + l * C * 4*C;
        float* l_fcprojb = params.fcprojb + l * C;

        // get the pointers of the activations for this layer
        float* l_ln1 = acts.ln1 + l * B * T * C;
        float* l_ln1_mean = acts.ln1_mean + l * B * T;
        float* l_ln1_rstd = acts.ln1_rstd + l * B * T;
        float* l_qkv = acts.qkv + l * B * T * 3*C;
        float* l_atty = acts.atty + l * B * T * C;
        float* l_preatt = acts.preatt + l * B * NH * T * T;
        float* l_att = acts.att + l * B * NH * T * T;
        float* l_attproj = acts.attproj + l * B * T * C;
        float* l_residual2 = acts.residual2 + l * B * T * C;
        float* l_ln2 = acts.ln2 + l * B * T * C;
        float* l_ln2_mean = acts.ln2_mean + l * B * T;
        float* l_ln2_rstd = acts.ln2_rstd + l * B * T;
        float* l_fch = acts.fch + l * B * T * 4*C;
        float* l_fch_gelu = acts.fch_gelu + l * B * T * 4*C;
        float* l_fcproj = acts.fcproj + l * B * T * C;
        float* l_residual3 = acts.residual3 + l * B * T * C;

        // now do the forward pass
        layernorm_forward(l_ln1, l_ln1_mean, l_ln1_rstd, residual, l_ln1w, l_ln1b, B, T, C);
        matmul_forward(l_qkv, l_ln1, l_qkvw, l_qkvb, B, T, C, 3*C);
        attention_forward(l_atty, l_preatt, l_att, l_qkv, B, T, C, NH);
        matmul_forward(l_attproj, l_atty, l_attprojw, l_attprojb, B, T, C, C);
        residual_forward(l_residual2, residual, l_attproj, B*T*C);
        layernorm_forward(l_ln2, l_ln2_mean, l_ln2_rstd, l_residual2, l_ln2w, l_ln2b, B, T, C);
        matmul_forward(l_fch, l_ln2, l_fcw, l_fcb, B, T, C, 4*C);
        gelu_forward(l_fch_gelu, l_fch, B*T*4*C);
        matmul_forward(l_fcproj, l_fch_gelu, l_fcprojw, l_fcprojb, B, T, 4*C, C);
        residual_forward(l_residual3, l_residual2, l_fcproj, B*T*C);
    }
    residual = acts.residual3 + (L-1) * B * T * C; // last residual is in residual3
    layernorm_forward(acts.lnf, acts.lnf_mean, acts.lnf_rstd, residual, params.lnfw, params.lnfb, B, T, C);
    matmul_forward(acts.logits, acts.lnf, params.wte, NULL, B, T, C, Vp);
    softmax_forward(acts.probs, acts.logits, B, T, V, Vp);

    crossentropy_forward(acts.losses, acts.probs, targets, B, T, Vp);
    // for convenience also evaluate the mean loss
    float mean_loss = 0.0f;
    for (int i=0; i<B*T; i++) { mean_loss += acts.losses[i]; }
    mean_loss /= B*T;
    return mean_loss;
}

/* the model's sizes: GPT2Config {maxT, V, Vp, L, NH, C} and B, T */
#define CFG_MAXT 4
#define CFG_V 11
#define CFG_VP 12
#define CFG_L 2
#define CFG_NH 2
#define CFG_C 8
#define NB 2
#define NT 4
#define NUM_PARAMETERS ((CFG_VP + CFG_MAXT) * CFG_C + CFG_L * 12 * CFG_C * CFG_C + CFG_L * 13 * CFG_C + 2 * CFG_C)
#define NUM_ACTIVATIONS (NB * NT * (2 * CFG_C + 2 + 2 * CFG_VP + 1) + \
                         CFG_L * NB * NT * (18 * CFG_C + 4 + 2 * CFG_NH * NT))

#pragma ad grad(gpt2_loss) wrt(params_memory[NUM_PARAMETERS]) scratch(acts_memory[NUM_ACTIVATIONS])
#pragma ad jvp(gpt2_loss) wrt(params_memory[NUM_PARAMETERS]) scratch(acts_memory[NUM_ACTIVATIONS])
#pragma ad vjp(matmul_forward) wrt(inp[B*T*C], weight[OC*C], bias[OC]) out(out[B*T*OC])

#include "llm_layers.ad.h"

/* ----------------------------------------------------------------------------
** the oracle: llm.c's backward passes, as train_gpt2.c writes them */

void encoder_backward(float* dwte, float* dwpe,
                      float* dout, int* inp,
                      int B, int T, int C) {
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            float* dout_bt = dout + b * T * C + t * C;
            int ix = inp[b * T + t];
            float* dwte_ix = dwte + ix * C;
            float* dwpe_t = dwpe + t * C;
            for (int i = 0; i < C; i++) {
                float d = dout_bt[i];
                dwte_ix[i] += d;
                dwpe_t[i] += d;
            }
        }
    }
}

void layernorm_backward(float* dinp, float* dweight, float* dbias,
                        float* dout, float* inp, float* weight, float* mean, float* rstd,
                        int B, int T, int C) {
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            float* dout_bt = dout + b * T * C + t * C;
            float* inp_bt = inp + b * T * C + t * C;
            float* dinp_bt = dinp + b * T * C + t * C;
            float mean_bt = mean[b * T + t];
            float rstd_bt = rstd[b * T + t];

            // first: two reduce operations
            float dnorm_mean = 0.0f;
            float dnorm_norm_mean = 0.0f;
            for (int i = 0; i < C; i++) {
                float norm_bti = (inp_bt[i] - mean_bt) * rstd_bt;
                float dnorm_i = weight[i] * dout_bt[i];
                dnorm_mean += dnorm_i;
                dnorm_norm_mean += dnorm_i * norm_bti;
            }
            dnorm_mean = dnorm_mean / C;
            dnorm_norm_mean = dnorm_norm_mean / C;

            // now iterate again and accumulate all the gradients
            for (int i = 0; i < C; i++) {
                float norm_bti = (inp_bt[i] - mean_bt) * rstd_bt;
                float dnorm_i = weight[i] * dout_bt[i];
                // gradient contribution to bias
                dbias[i] += dout_bt[i];
                // gradient contribution to weight
                dweight[i] += norm_bti * dout_bt[i];
                // gradient contribution to input
                float dval = 0.0f;
                dval += dnorm_i; // term 1
                dval -= dnorm_mean; // term 2
                dval -= norm_bti * dnorm_norm_mean; // term 3
                dval *= rstd_bt; // final scale
                dinp_bt[i] += dval;
            }
        }
    }
}

void matmul_backward(float* dinp, float* dweight, float* dbias,
                     const float* dout, const float* inp, const float* weight,
                     int B, int T, int C, int OC) {
    // most of the running time is spent here and in matmul_forward
    // this backward could be done in a single "round" of loops
    // but that doesn't afford an efficient parallelization strategy

    // backward into inp first, parallelize over B,T
    #pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const float* dout_bt = dout + b * T * OC + t * OC;
            float* dinp_bt = dinp + b * T * C + t * C;
            for (int o = 0; o < OC; o++) {
                const float* wrow = weight + o*C;
                float d = dout_bt[o];
                for (int i = 0; i < C; i++) {
                    dinp_bt[i] += wrow[i] * d;
                }
            }
        }
    }
    // backward into weight/bias, parallelize over output channels OC
    #pragma omp parallel for
    for (int o = 0; o < OC; o++) {
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                const float* dout_bt = dout + b * T * OC + t * OC;
                const float* inp_bt = inp + b * T * C + t * C;
                float* dwrow = dweight + o*C;
                float d = dout_bt[o];
                if (dbias != NULL) { dbias[o] += d; }
                for (int i = 0; i < C; i++) {
                    dwrow[i] += inp_bt[i] * d;
                }
            }
        }
    }
}

void attention_backward(float* dinp, float* dpreatt, float* datt,
                        float* dout, float* inp, float* att,
                        int B, int T, int C, int NH) {
    // inp/dinp are (B, T, 3C) Q,K,V
    // att/datt/dpreatt are (B, NH, T, T)
    // dout is (B, T, C)
    int C3 = C*3;
    int hs = C / NH; // head size
    float scale = 1.f / sqrtf(hs);

    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            for (int h = 0; h < NH; h++) {
                float* att_bth = att + b*NH*T*T + h*T*T + t*T;
                float* datt_bth = datt + b*NH*T*T + h*T*T + t*T;
                float* dpreatt_bth = dpreatt + b*NH*T*T + h*T*T + t*T;
                float* dquery_t = dinp + b * T * C3 + t * C3 + h * hs;
                float* query_t = inp + b * T * C3 + t * C3 + h * hs;

                // backward pass 4, through the value accumulation
                float* dout_bth = dout + b * T * C + t * C + h * hs;
                for (int t2 = 0; t2 <= t; t2++) {
                    float* value_t2 = inp + b * T * C3 + t2 * C3 + h * hs + C*2; // +C*2 because it's value
                    float* dvalue_t2 = dinp + b * T * C3 + t2 * C3 + h * hs + C*2;
                    for (int i = 0; i < hs; i++) {
                        // in the forward pass this was:
                        // out_bth[i] += att_bth[t2] * value_t2[i];
                        // so now we have:
                        datt_bth[t2] += value_t2[i] * dout_bth[i];
                        dvalue_t2[i] += att_bth[t2] * dout_bth[i];
                    }
                }

                // backward pass 2 & 3, the softmax
                // note that softmax (like e.g. tanh) doesn't need the input (preatt) to backward
                for (int t2 = 0; t2 <= t; t2++) {
                    for (int t3 = 0; t3 <= t; t3++) {
                        float indicator = t2 == t3 ? 1.0f : 0.0f;
                        float local_derivative = att_bth[t2] * (indicator - att_bth[t3]);
                        dpreatt_bth[t3] += local_derivative * datt_bth[t2];
                    }
                }

                // backward pass 1, the query @ key matmul
                for (int t2 = 0; t2 <= t; t2++) {
                    float* key_t2 = inp + b * T * C3 + t2 * C3 + h * hs + C; // +C because it's key
                    float* dkey_t2 = dinp + b * T * C3 + t2 * C3 + h * hs + C; // +C because it's key
                    for (int i = 0; i < hs; i++) {
                        // in the forward pass this was:
                        // preatt_bth[t2] = query_t[i] * key_t2[i] * scale;
                        // so now we have:
                        dquery_t[i] += key_t2[i] * dpreatt_bth[t2] * scale;
                        dkey_t2[i] += query_t[i] * dpreatt_bth[t2] * scale;
                    }
                }
            }
        }
    }
}

void gelu_backward(float* dinp, float* inp, float* dout, int N) {
    for (int i = 0; i < N; i++) {
        float x = inp[i];
        float cube = 0.044715f * x * x * x;
        float tanh_arg = GELU_SCALING_FACTOR * (x + cube);
        float tanh_out = tanhf(tanh_arg);
        float coshf_out = coshf(tanh_arg);
        float sech_out = 1.0f / (coshf_out * coshf_out);
        float local_grad = 0.5f * (1.0f + tanh_out) + x * 0.5f * sech_out * GELU_SCALING_FACTOR * (1.0f + 3.0f * 0.044715f * x * x);
        dinp[i] += local_grad * dout[i];
    }
}

void residual_backward(float* dinp1, float* dinp2, float* dout, int N) {
    for (int i = 0; i < N; i++) {
        dinp1[i] += dout[i];
        dinp2[i] += dout[i];
    }
}

void crossentropy_softmax_backward(float* dlogits,
                           float* dlosses, float* probs, int* targets,
                           int B, int T, int V, int Vp) {
    // backwards through both softmax and crossentropy
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            float* dlogits_bt = dlogits + b * T * Vp + t * Vp;
            float* probs_bt = probs + b * T * Vp + t * Vp;
            float dloss = dlosses[b * T + t];
            int ix = targets[b * T + t];
            // note we only loop to V, leaving the padded dimensions
            // of dlogits untouched, so gradient there stays at zero
            for (int i = 0; i < V; i++) {
                float p = probs_bt[i];
                float indicator = i == ix ? 1.0f : 0.0f;
                dlogits_bt[i] += (p - indicator) * dloss;
            }
        }
    }
}

// gpt2_backward over the blocks (the activations from gpt2_loss's forward)
void gpt2_backward(GPT2Config config, float* params_memory, float* grads_memory,
                   float* acts_memory, float* grads_acts_memory,
                   int* inputs, int* targets, size_t B, size_t T) {
    ParameterTensors params, grads;
    ActivationTensors acts, grads_acts;
    size_t param_sizes[NUM_PARAMETER_TENSORS], act_sizes[NUM_ACTIVATION_TENSORS];
    fill_in_parameter_sizes(param_sizes, config);
    fill_in_activation_sizes(act_sizes, config, B, T);
    point_parameters(&params, param_sizes, params_memory);
    point_parameters(&grads, param_sizes, grads_memory);
    point_activations(&acts, act_sizes, acts_memory);
    point_activations(&grads_acts, act_sizes, grads_acts_memory);

    // convenience shortcuts (and size_t to help prevent int overflow)
    size_t V = config.vocab_size;
    size_t Vp = config.padded_vocab_size;
    size_t L = config.num_layers;
    size_t NH = config.num_heads;
    size_t C = config.channels;

    // we kick off the chain rule by filling in dlosses with 1.0f/(B*T)
    // technically this is a small, inline backward() pass of calculating
    // total, final loss as the mean over all losses over all (B,T) positions in the batch
    float dloss_mean = 1.0f / (B*T);
    for (int i = 0; i < B*T; i++) { grads_acts.losses[i] = dloss_mean; }

    crossentropy_softmax_backward(grads_acts.logits, grads_acts.losses, acts.probs, targets, B, T, V, Vp);
    matmul_backward(grads_acts.lnf, grads.wte, NULL, grads_acts.logits, acts.lnf, params.wte, B, T, C, Vp);
    float* residual = acts.residual3 + (L-1) * B * T * C; // last layer's residual
    float* dresidual = grads_acts.residual3 + (L-1) * B * T * C; // write to last layer's residual
    layernorm_backward(dresidual, grads.lnfw, grads.lnfb, grads_acts.lnf, residual, params.lnfw, acts.lnf_mean, acts.lnf_rstd, B, T, C);

    for (int l = L-1; l >= 0; l--) {

        residual = l == 0 ? acts.encoded : acts.residual3 + (l-1) * B * T * C;
        dresidual = l == 0 ? grads_acts.encoded : grads_acts.residual3 + (l-1) * B * T * C;

        // get the pointers of the weights for this layer
        float* l_ln1w = params.ln1w + l * C;
        float* l_qkvw = params.qkvw + l * 3*C * C;
        float* l_attprojw = params.attprojw + l * C * C;
        float* l_ln2w = params.ln2w + l * C;
        float* l_fcw = params.fcw + l * 4*C * C;
        float* l_fcprojw = params.fcprojw + l * C * 4*C;
        // get the pointers of the gradients of the weights for this layer
        float* dl_ln1w = grads.ln1w + l * C;
        float* dl_ln1b = grads.ln1b + l * C;
        float* dl_qkvw = grads.qkvw + l * 3*C * C;
        float* dl_qkvb = grads.qkvb + l * 3*C;
        float* dl_attprojw = grads.attprojw + l * C * C;
        float* dl_attprojb = grads.attprojb + l * C;
        float* dl_ln2w = grads.ln2w + l * C;
        float* dl_ln2b = grads.ln2b + l * C;
        float* dl_fcw = grads.fcw + l * 4*C * C;
        float* dl_fcb = grads.fcb + l * 4*C;
        float* dl_fcprojw = grads.fcprojw + l * C * 4*C;
        float* dl_fcprojb = grads.fcprojb + l * C;
        // get the pointers of the activations for this layer
        float* l_ln1 = acts.ln1 + l * B * T * C;
        float* l_ln1_mean = acts.ln1_mean + l * B * T;
        float* l_ln1_rstd = acts.ln1_rstd + l * B * T;
        float* l_qkv = acts.qkv + l * B * T * 3*C;
        float* l_atty = acts.atty + l * B * T * C;
        float* l_att = acts.att + l * B * NH * T * T;
        float* l_residual2 = acts.residual2 + l * B * T * C;
        float* l_ln2 = acts.ln2 + l * B * T * C;
        float* l_ln2_mean = acts.ln2_mean + l * B * T;
        float* l_ln2_rstd = acts.ln2_rstd + l * B * T;
        float* l_fch = acts.fch + l * B * T * 4*C;
        float* l_fch_gelu = acts.fch_gelu + l * B * T * 4*C;
        // get the pointers of the gradients of the activations for this layer
        float* dl_ln1 = grads_acts.ln1 + l * B * T * C;
        float* dl_qkv = grads_acts.qkv + l * B * T * 3*C;
        float* dl_atty = grads_acts.atty + l * B * T * C;
        float* dl_preatt = grads_acts.preatt + l * B * NH * T * T;
        float* dl_att = grads_acts.att + l * B * NH * T * T;
        float* dl_attproj = grads_acts.attproj + l * B * T * C;
        float* dl_residual2 = grads_acts.residual2 + l * B * T * C;
        float* dl_ln2 = grads_acts.ln2 + l * B * T * C;
        float* dl_fch = grads_acts.fch + l * B * T * 4*C;
        float* dl_fch_gelu = grads_acts.fch_gelu + l * B * T * 4*C;
        float* dl_fcproj = grads_acts.fcproj + l * B * T * C;
        float* dl_residual3 = grads_acts.residual3 + l * B * T * C;

        // backprop this layer
        residual_backward(dl_residual2, dl_fcproj, dl_residual3, B*T*C);
        matmul_backward(dl_fch_gelu, dl_fcprojw, dl_fcprojb, dl_fcproj, l_fch_gelu, l_fcprojw, B, T, 4*C, C);
        gelu_backward(dl_fch, l_fch, dl_fch_gelu, B*T*4*C);
        matmul_backward(dl_ln2, dl_fcw, dl_fcb, dl_fch, l_ln2, l_fcw, B, T, C, 4*C);
        layernorm_backward(dl_residual2, dl_ln2w, dl_ln2b, dl_ln2, l_residual2, l_ln2w, l_ln2_mean, l_ln2_rstd, B, T, C);
        residual_backward(dresidual, dl_attproj, dl_residual2, B*T*C);
        matmul_backward(dl_atty, dl_attprojw, dl_attprojb, dl_attproj, l_atty, l_attprojw, B, T, C, C);
        attention_backward(dl_qkv, dl_preatt, dl_att, dl_atty, l_qkv, l_att, B, T, C, NH);
        matmul_backward(dl_ln1, dl_qkvw, dl_qkvb, dl_qkv, l_ln1, l_qkvw, B, T, C, 3*C);
        layernorm_backward(dresidual, dl_ln1w, dl_ln1b, dl_ln1, residual, l_ln1w, l_ln1_mean, l_ln1_rstd, B, T, C);
    }
    encoder_backward(grads.wte, grads.wpe, grads_acts.encoded, inputs, B, T, C);
}

/* ----------------------------------------------------------------------------
** the checks */

static float max_abs(const float* a, int n) {
    float m = 0.0f;
    for (int i = 0; i < n; i++) m = fmaxf(m, fabsf(a[i]));
    return m;
}

/* every entry of got against want, |got - want| <= rtol |want| + atol * max|want| */
static void check_floats(const char* label, const float* got, const float* want, int n,
                         double rtol, double atol) {
    double *g = malloc(n * sizeof *g), *w = malloc(n * sizeof *w);
    for (int i = 0; i < n; i++) {
        g[i] = got[i];
        w[i] = want[i];
    }
    CHECK_VEC_CLOSE(label, g, w, n, rtol, atol * max_abs(want, n));
    free(g);
    free(w);
}

static void check_matmul_vjp(OracleRng* rng, int B, int T, int C, int OC, int with_bias) {
    int n_in = B * T * C, n_out = B * T * OC;
    float *inp = malloc(n_in * sizeof(float)), *weight = malloc(OC * C * sizeof(float));
    float bias[16], out[64], want_out[64], seed[64], dout[64];
    float dinp[64] = {0}, dweight[256] = {0}, dbias[16] = {0};
    float inp_bar[64] = {0}, weight_bar[256] = {0}, bias_bar[16] = {0};
    for (int i = 0; i < n_in; i++) inp[i] = oracle_uniform(rng, -1, 1);
    for (int i = 0; i < OC * C; i++) weight[i] = oracle_uniform(rng, -1, 1);
    for (int i = 0; i < OC; i++) bias[i] = oracle_uniform(rng, -1, 1);
    for (int i = 0; i < n_out; i++) seed[i] = dout[i] = oracle_uniform(rng, -1, 1);
    float* b = with_bias ? bias : NULL;
    matmul_forward(want_out, inp, weight, b, B, T, C, OC);
    matmul_forward_vjp(out, dout, inp, inp_bar, weight, weight_bar, b, with_bias ? bias_bar : NULL,
                       B, T, C, OC);
    matmul_backward(dinp, dweight, with_bias ? dbias : NULL, seed, inp, weight, B, T, C, OC);
    check_floats("matmul vjp out", out, want_out, n_out, 0, 0);
    check_floats("matmul vjp inp_bar", inp_bar, dinp, n_in, 1e-5, 1e-6);
    check_floats("matmul vjp weight_bar", weight_bar, dweight, OC * C, 1e-5, 1e-6);
    if (with_bias) check_floats("matmul vjp bias_bar", bias_bar, dbias, OC, 1e-5, 1e-6);
    float zero[64] = {0};
    check_floats("matmul vjp seed zeroed", dout, zero, n_out, 0, 0);
    free(inp);
    free(weight);
}

int main(void) {
    GPT2Config config = {CFG_MAXT, CFG_V, CFG_VP, CFG_L, CFG_NH, CFG_C};
    size_t param_sizes[NUM_PARAMETER_TENSORS], act_sizes[NUM_ACTIVATION_TENSORS];
    fill_in_parameter_sizes(param_sizes, config);
    fill_in_activation_sizes(act_sizes, config, NB, NT);
    size_t num_parameters = 0, num_activations = 0;
    for (int i = 0; i < NUM_PARAMETER_TENSORS; i++) num_parameters += param_sizes[i];
    for (int i = 0; i < NUM_ACTIVATION_TENSORS; i++) num_activations += act_sizes[i];
    CHECK_EQ_INT("num_parameters", num_parameters, NUM_PARAMETERS);
    CHECK_EQ_INT("num_activations", num_activations, NUM_ACTIVATIONS);

    OracleRng rng = oracle_rng(2024);
    float* params_memory = malloc(NUM_PARAMETERS * sizeof(float));
    float* acts_memory = calloc(NUM_ACTIVATIONS, sizeof(float));
    float* grads_memory = calloc(NUM_PARAMETERS, sizeof(float));
    float* grads_acts_memory = calloc(NUM_ACTIVATIONS, sizeof(float));
    float* g1 = malloc(NUM_PARAMETERS * sizeof(float));
    float* g2 = malloc(NUM_PARAMETERS * sizeof(float));
    for (int i = 0; i < NUM_PARAMETERS; i++) params_memory[i] = oracle_uniform(&rng, -0.5, 0.5);
    ParameterTensors params;
    point_parameters(&params, param_sizes, params_memory);
    for (int i = 0; i < CFG_L * CFG_C; i++) {
        params.ln1w[i] = oracle_uniform(&rng, 0.5, 1.5);
        params.ln2w[i] = oracle_uniform(&rng, 0.5, 1.5);
    }
    for (int i = 0; i < CFG_C; i++) params.lnfw[i] = oracle_uniform(&rng, 0.5, 1.5);
    int inputs[NB * NT], targets[NB * NT];
    for (int i = 0; i < NB * NT; i++) {
        inputs[i] = (int)(oracle_unif01(&rng) * CFG_V);
        targets[i] = (int)(oracle_unif01(&rng) * CFG_V);
    }

    /* the oracle: forward, then llm.c's backward */
    omp_set_num_threads(1);
    float loss = gpt2_loss(config, params_memory, acts_memory, inputs, targets, NB, NT);
    gpt2_backward(config, params_memory, grads_memory, acts_memory, grads_acts_memory, inputs, targets, NB, NT);
    printf("mean loss %g, max |grad| %g\n", loss, max_abs(grads_memory, NUM_PARAMETERS));

    /* cc-ad's gradient, with 1 and 2 threads */
    for (int i = 0; i < NUM_PARAMETERS; i++) g1[i] = 1e30f; /* overwritten */
    float* acts2 = calloc(NUM_ACTIVATIONS, sizeof(float));
    float l1 = gpt2_loss_grad(config, params_memory, g1, acts2, inputs, targets, NB, NT);
    CHECK_CLOSE("grad primal", l1, loss, 0, 0);
    check_floats("grad activations as the primal leaves them", acts2, acts_memory, NUM_ACTIVATIONS, 0, 0);
    check_floats("grad vs llm.c backward", g1, grads_memory, NUM_PARAMETERS, 1e-4, 2e-5);
    CHECK_TRUE("tape empty", ccad_tape_empty());

    omp_set_num_threads(2);
    float l2 = gpt2_loss_grad(config, params_memory, g2, acts2, inputs, targets, NB, NT);
    CHECK_CLOSE("grad primal, 2 threads", l2, loss, 0, 0);
    check_floats("grad 2 threads vs 1", g2, g1, NUM_PARAMETERS, 1e-5, 1e-6);
    omp_set_num_threads(1);

    /* jvp along a random direction against <grad, v>, 1 and 2 threads: two
    ** float sums of the same products in another order, ~ sqrt(n) u of
    ** sum |g_i v_i| apart; checked at 1e-4 of that sum */
    float* v = malloc(NUM_PARAMETERS * sizeof(float));
    double gv = 0, gv_abs = 0;
    for (int i = 0; i < NUM_PARAMETERS; i++) {
        v[i] = oracle_uniform(&rng, -1, 1);
        gv += (double)g1[i] * v[i];
        gv_abs += fabs((double)g1[i] * v[i]);
    }
    for (int nt = 1; nt <= 2; nt++) {
        omp_set_num_threads(nt);
        float dl = 0.0f;
        float lj = gpt2_loss_jvp(config, params_memory, v, acts2, inputs, targets, NB, NT, &dl);
        CHECK_CLOSE("jvp primal", lj, loss, 0, 0);
        CHECK_CLOSE("jvp = <grad, v>", dl, gv, 0, 1e-4 * gv_abs);
    }
    omp_set_num_threads(1);
    free(v);

    /* central differences of the float loss on a few coordinates:
    ** wte (a token that occurs and the logits' use), qkvw, fcprojb, lnfw */
    int coords[5] = {(int)(inputs[0] * CFG_C + 3), (int)(param_sizes[0] + param_sizes[1] + 2 * CFG_L * CFG_C + 17),
                     (int)(NUM_PARAMETERS - 2 * CFG_C - CFG_L * CFG_C + 5), (int)(NUM_PARAMETERS - 2 * CFG_C + 1),
                     (int)(CFG_V * CFG_C - 1)};
    for (int k = 0; k < 5; k++) {
        int j = coords[k];
        float keep = params_memory[j], h = 1e-2f;
        params_memory[j] = keep + h;
        double fp = gpt2_loss(config, params_memory, acts2, inputs, targets, NB, NT);
        params_memory[j] = keep - h;
        double fm = gpt2_loss(config, params_memory, acts2, inputs, targets, NB, NT);
        params_memory[j] = keep;
        double hh = ((double)(keep + h) - (double)(keep - h)) / 2;
        CHECK_CLOSE("grad vs central differences", g1[j], (fp - fm) / (2 * hh), 3e-2, 1e-4);
    }

    /* vjp of matmul_forward alone: the tiled path (B*T = 8) and the naive
    ** fallback (B*T = 3), with a bias and with NULL */
    for (int nt = 1; nt <= 2; nt++) {
        omp_set_num_threads(nt);
        for (int with_bias = 0; with_bias < 2; with_bias++) {
            check_matmul_vjp(&rng, 2, 4, 5, 6, with_bias);
            check_matmul_vjp(&rng, 1, 3, 4, 7, with_bias);
        }
    }
    omp_set_num_threads(1);
    CHECK_TRUE("tape empty at the end", ccad_tape_empty());

    free(params_memory);
    free(acts_memory);
    free(grads_memory);
    free(grads_acts_memory);
    free(acts2);
    free(g1);
    free(g2);
    return oracle_result();
}
