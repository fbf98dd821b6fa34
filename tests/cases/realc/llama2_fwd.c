// CFLAGS: -fopenmp
// NO-STANDALONE-HEADER: llama2.c typedefs anonymous structs (tests/fuzz/open/header_anon_typedef_selfinclude.c)
// LIBS: -fopenmp
// EXPECT-WARNING: zeroes the floating fields of
// EXPECT-NOT-GENERATED: omp atomic
/*
** realc/llama2_fwd: llama2.c's forward pass as Karpathy writes it: Config,
** TransformerWeights and RunState structs with float* fields mapped into one
** block (memory_map_weights), rmsnorm, softmax, RoPE, grouped-query attention
** with a KV cache (s->k = s->key_cache + loff + pos*kv_dim), SwiGLU FFN, matmul
** with #pragma omp parallel for, unsigned long long layer loop.
** A user-written loss (next-token cross-entropy over a short sequence) is
** differentiated with respect to the whole Transformer: t_bar is a Transformer
** whose weight pointers and state pointers point at zeroed derivative storage.
** matmul's sweeps stay parallel: its xout[i] (s->xb, memory without a
** size) is logged for the caller as one block, x_bar[j] goes into
** per-thread copies of x_bar[0..n), w_bar[i * n + j] is each row's own.
** Oracles: grad vs central differences in float (h = 1e-2, rtol 2e-2),
** and the dot-product test grad . v vs jvp (rtol 1e-4, float rounding).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct {
    int dim; int hidden_dim; int n_layers; int n_heads; int n_kv_heads; int vocab_size; int seq_len;
} Config;
typedef struct {
    float* token_embedding_table; float* rms_att_weight; float* rms_ffn_weight;
    float* wq; float* wk; float* wv; float* wo;
    float* w1; float* w2; float* w3;
    float* rms_final_weight; float* wcls;
} TransformerWeights;
typedef struct {
    float *x; float *xb; float *xb2; float *hb; float *hb2; float *q; float *k; float *v;
    float *att; float *logits; float* key_cache; float* value_cache;
} RunState;
typedef struct { Config config; TransformerWeights weights; RunState state; } Transformer;

void malloc_run_state(RunState* s, Config* p) {
    int kv_dim = (p->dim * p->n_kv_heads) / p->n_heads;
    s->x = calloc(p->dim, sizeof(float));
    s->xb = calloc(p->dim, sizeof(float));
    s->xb2 = calloc(p->dim, sizeof(float));
    s->hb = calloc(p->hidden_dim, sizeof(float));
    s->hb2 = calloc(p->hidden_dim, sizeof(float));
    s->q = calloc(p->dim, sizeof(float));
    s->key_cache = calloc(p->n_layers * p->seq_len * kv_dim, sizeof(float));
    s->value_cache = calloc(p->n_layers * p->seq_len * kv_dim, sizeof(float));
    s->att = calloc(p->n_heads * p->seq_len, sizeof(float));
    s->logits = calloc(p->vocab_size, sizeof(float));
}
void free_run_state(RunState* s) {
    free(s->x); free(s->xb); free(s->xb2); free(s->hb); free(s->hb2); free(s->q);
    free(s->att); free(s->logits); free(s->key_cache); free(s->value_cache);
}
void memory_map_weights(TransformerWeights *w, Config* p, float* ptr, int shared_weights) {
    int head_size = p->dim / p->n_heads;
    unsigned long long n_layers = p->n_layers;
    w->token_embedding_table = ptr; ptr += p->vocab_size * p->dim;
    w->rms_att_weight = ptr; ptr += n_layers * p->dim;
    w->wq = ptr; ptr += n_layers * p->dim * (p->n_heads * head_size);
    w->wk = ptr; ptr += n_layers * p->dim * (p->n_kv_heads * head_size);
    w->wv = ptr; ptr += n_layers * p->dim * (p->n_kv_heads * head_size);
    w->wo = ptr; ptr += n_layers * (p->n_heads * head_size) * p->dim;
    w->rms_ffn_weight = ptr; ptr += n_layers * p->dim;
    w->w1 = ptr; ptr += n_layers * p->dim * p->hidden_dim;
    w->w2 = ptr; ptr += n_layers * p->hidden_dim * p->dim;
    w->w3 = ptr; ptr += n_layers * p->dim * p->hidden_dim;
    w->rms_final_weight = ptr; ptr += p->dim;
    w->wcls = shared_weights ? w->token_embedding_table : ptr;
}

void rmsnorm(float* o, float* x, float* weight, int size) {
    float ss = 0.0f;
    for (int j = 0; j < size; j++) { ss += x[j] * x[j]; }
    ss /= size;
    ss += 1e-5f;
    ss = 1.0f / sqrtf(ss);
    for (int j = 0; j < size; j++) { o[j] = weight[j] * (ss * x[j]); }
}
void softmax(float* x, int size) {
    float max_val = x[0];
    for (int i = 1; i < size; i++) { if (x[i] > max_val) { max_val = x[i]; } }
    float sum = 0.0f;
    for (int i = 0; i < size; i++) { x[i] = expf(x[i] - max_val); sum += x[i]; }
    for (int i = 0; i < size; i++) { x[i] /= sum; }
}
void matmul(float* xout, float* x, float* w, int n, int d) {
    int i;
    #pragma omp parallel for private(i)
    for (i = 0; i < d; i++) {
        float val = 0.0f;
        for (int j = 0; j < n; j++) { val += w[i * n + j] * x[j]; }
        xout[i] = val;
    }
}
float* forward(Transformer* transformer, int token, int pos) {
    Config* p = &transformer->config;
    TransformerWeights* w = &transformer->weights;
    RunState* s = &transformer->state;
    float *x = s->x;
    int dim = p->dim;
    int kv_dim = (p->dim * p->n_kv_heads) / p->n_heads;
    int kv_mul = p->n_heads / p->n_kv_heads;
    int hidden_dim =  p->hidden_dim;
    int head_size = dim / p->n_heads;
    float* content_row = w->token_embedding_table + token * dim;
    memcpy(x, content_row, dim*sizeof(*x));
    for(unsigned long long l = 0; l < (unsigned long long)p->n_layers; l++) {
        rmsnorm(s->xb, x, w->rms_att_weight + l*dim, dim);
        int loff = l * p->seq_len * kv_dim;
        s->k = s->key_cache + loff + pos * kv_dim;
        s->v = s->value_cache + loff + pos * kv_dim;
        matmul(s->q, s->xb, w->wq + l*dim*dim, dim, dim);
        matmul(s->k, s->xb, w->wk + l*dim*kv_dim, dim, kv_dim);
        matmul(s->v, s->xb, w->wv + l*dim*kv_dim, dim, kv_dim);
        for (int i = 0; i < dim; i+=2) {
            int head_dim = i % head_size;
            float freq = 1.0f / powf(10000.0f, head_dim / (float)head_size);
            float val = pos * freq;
            float fcr = cosf(val);
            float fci = sinf(val);
            int rotn = i < kv_dim ? 2 : 1;
            for (int v = 0; v < rotn; v++) {
                float* vec = v == 0 ? s->q : s->k;
                float v0 = vec[i];
                float v1 = vec[i+1];
                vec[i]   = v0 * fcr - v1 * fci;
                vec[i+1] = v0 * fci + v1 * fcr;
            }
        }
        int h;
        #pragma omp parallel for private(h)
        for (h = 0; h < p->n_heads; h++) {
            float* q = s->q + h * head_size;
            float* att = s->att + h * p->seq_len;
            for (int t = 0; t <= pos; t++) {
                float* k = s->key_cache + loff + t * kv_dim + (h / kv_mul) * head_size;
                float score = 0.0f;
                for (int i = 0; i < head_size; i++) { score += q[i] * k[i]; }
                score /= sqrtf(head_size);
                att[t] = score;
            }
            softmax(att, pos + 1);
            float* xb = s->xb + h * head_size;
            memset(xb, 0, head_size * sizeof(float));
            for (int t = 0; t <= pos; t++) {
                float* v = s->value_cache + loff + t * kv_dim + (h / kv_mul) * head_size;
                float a = att[t];
                for (int i = 0; i < head_size; i++) { xb[i] += a * v[i]; }
            }
        }
        matmul(s->xb2, s->xb, w->wo + l*dim*dim, dim, dim);
        for (int i = 0; i < dim; i++) { x[i] += s->xb2[i]; }
        rmsnorm(s->xb, x, w->rms_ffn_weight + l*dim, dim);
        matmul(s->hb, s->xb, w->w1 + l*dim*hidden_dim, dim, hidden_dim);
        matmul(s->hb2, s->xb, w->w3 + l*dim*hidden_dim, dim, hidden_dim);
        for (int i = 0; i < hidden_dim; i++) {
            float val = s->hb[i];
            val *= (1.0f / (1.0f + expf(-val)));
            val *= s->hb2[i];
            s->hb[i] = val;
        }
        matmul(s->xb, s->hb, w->w2 + l*dim*hidden_dim, hidden_dim, dim);
        for (int i = 0; i < dim; i++) { x[i] += s->xb[i]; }
    }
    rmsnorm(x, x, w->rms_final_weight, dim);
    matmul(s->logits, x, w->wcls, p->dim, p->vocab_size);
    return s->logits;
}

/* the user's training loss: mean next-token cross-entropy */
float seq_loss(Transformer* t, const int* tokens, int T) {
    float loss = 0.0f;
    for (int pos = 0; pos < T - 1; pos++) {
        float* logits = forward(t, tokens[pos], pos);
        softmax(logits, t->config.vocab_size);
        loss -= logf(logits[tokens[pos + 1]]);
    }
    return loss / (T - 1);
}
#pragma ad grad(seq_loss) wrt(t[1])
#pragma ad jvp(seq_loss) wrt(t[1])

#include "llama2_fwd.ad.h"

static long nweights(Config* p) {
    long hs = p->dim / p->n_heads, L = p->n_layers;
    return (long)p->vocab_size * p->dim + 2 * L * p->dim + L * p->dim * p->n_heads * hs
         + 2 * L * p->dim * p->n_kv_heads * hs + L * p->n_heads * hs * p->dim
         + 3 * L * p->dim * p->hidden_dim + p->dim;
}
int main(void) {
    Config c = {8, 12, 2, 2, 1, 6, 4};
    long nw = nweights(&c);
    float *W = malloc(nw * sizeof(float)), *Wb = calloc(nw, sizeof(float)), *Wd = calloc(nw, sizeof(float));
    OracleRng r = oracle_rng(12);
    for (long i = 0; i < nw; i++) W[i] = (float)oracle_uniform(&r, -0.5, 0.5);
    Transformer t = {c, {0}, {0}}, tb = {c, {0}, {0}}, td = {c, {0}, {0}};
    memory_map_weights(&t.weights, &c, W, 1); malloc_run_state(&t.state, &c);
    memory_map_weights(&tb.weights, &c, Wb, 1); malloc_run_state(&tb.state, &c);
    memory_map_weights(&td.weights, &c, Wd, 1); malloc_run_state(&td.state, &c);
    int tokens[4] = {1, 4, 2, 5};
    float L0 = seq_loss(&t, tokens, 4);
    float L1 = seq_loss_grad(&t, &tb, tokens, 4);
    CHECK_CLOSE("primal", L1, L0, 1e-6, 0);
    /* finite differences on a spread of weights (h = 1e-2 in float: truncation
       O(h^2 f''') ~ 1e-4, rounding eps*|L|/h ~ 1e-5; rtol 2e-2 + atol 2e-3) */
    for (long i = 0; i < nw; i += 7) {
        float w0 = W[i], h = 1e-2f;
        W[i] = w0 + h; float lp = seq_loss(&t, tokens, 4);
        W[i] = w0 - h; float lm = seq_loss(&t, tokens, 4);
        W[i] = w0;
        CHECK_CLOSE("grad vs fd", Wb[i], (lp - lm) / (2 * h), 2e-2, 2e-3);
    }
    /* dot product: <grad, v> = jvp(v) */
    double dot = 0;
    for (long i = 0; i < nw; i++) { Wd[i] = (float)oracle_uniform(&r, -1, 1); dot += (double)Wd[i] * Wb[i]; }
    float ld = 0;
    float L2 = seq_loss_jvp(&t, &td, tokens, 4, &ld);
    CHECK_CLOSE("jvp primal", L2, L0, 1e-6, 0);
    CHECK_CLOSE("jvp vs grad", ld, dot, 1e-4, 1e-5);
    free_run_state(&t.state); free_run_state(&tb.state); free_run_state(&td.state);
    free(W); free(Wb); free(Wd);
    return oracle_result();
}
