// CFLAGS: -fopenmp -D_DEFAULT_SOURCE
// LIBS: -fopenmp
// NO-TSAN: darknet's gemm_nn declares j and k before its `omp parallel for`, so its threads share them: a race of the upstream code, kept as written
/* realc/darknet_cnn: darknet's CPU layers (Joseph Redmon, public domain), as written: layer and
** network structs passed by value with float * fields, im2col_cpu/im2col_get_pixel with its
** padding test, gemm_cpu's BETA scaling and gemm_nn/gemm_nt with `register float` and
** `#pragma omp parallel for`, fill_cpu, add_bias, activate_array's switch over an ACTIVATION
** enum (leaky, static inline helpers), forward_convolutional_layer, forward_maxpool_layer with
** its argmax into l.indexes, forward_connected_layer, softmax with a temperature and stride,
** softmax_x_ent_cpu. The user's code: a wrapper that builds a conv(3x3, 4 filters, leaky) ->
** maxpool(2x2) -> connected(10) network over its weight arrays and returns the mean
** cross-entropy of a batch; differentiated w.r.t. every weight and bias (float); and the
** same network run by network.c's forward_network (a struct copy `network net = *netp`,
** the layers in a memset array, each called through its l.forward pointer with the layer
** and the network by value), whose gradient must equal the direct one. (The memset collapses
** the layers' fields into one class, and cc-ad asked a derivative storage of the function
** pointers stored there: "'this pointer' is used where cc-ad needs its derivative storage".)
** The image
** needs scratch(img[...]): the wrapper points net.input first at it, then at the layers'
** outputs, so (flow-insensitively) it is one memory class with them. Before the fix in
** activity_useful.c the conv layer's gradient was silently 0 in every mode: the pointers of
** the struct net passed by value were not taken as read by the callee, so that class looked
** like write-only memory of the parameter img (a sink) and lost its derivatives.
** Requests: grad and jvp. Oracles: the connected layer's bias gradient in closed form
** (softmax - one-hot, averaged: rtol 1e-5, float); the dot-product test jvp(v) = <grad, v> (rtol 1e-4: float
** sums of ~1500 terms: it cannot see a derivative both modes lose); central differences along
** the connected layer's weights and per coordinate for the conv layer (see there). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ccad_oracle.h"

/* ---- darknet.h (the fields these layers use) ---- */
typedef enum {
    LOGISTIC, RELU, RELIE, LINEAR, RAMP, TANH, PLSE, LEAKY, ELU, LOGGY, STAIR, HARDTAN, LHTAN, SELU
} ACTIVATION;

struct network;
typedef struct layer {
    int batch;
    int inputs, outputs;
    int h, w, c;
    int out_h, out_w, out_c;
    int n;
    int size, stride, pad;
    int groups;
    int nweights;
    ACTIVATION activation;
    float *weights;
    float *biases;
    float *output;
    int *indexes;
    void (*forward)(struct layer, struct network);
} layer;

typedef struct network {
    int n;
    int batch;
    layer *layers;
    float *output;
    float *input;
    float *workspace;
    int index;
} network;

/* ---- activations.h / activations.c ---- */
static inline float linear_activate(float x){return x;}
static inline float logistic_activate(float x){return 1./(1. + exp(-x));}
static inline float relu_activate(float x){return x*(x>0);}
static inline float leaky_activate(float x){return (x>0) ? x : .1*x;}
static inline float tanh_activate(float x){return (exp(2*x)-1)/(exp(2*x)+1);}

float activate(float x, ACTIVATION a)
{
    switch(a){
        case LINEAR:
            return linear_activate(x);
        case LOGISTIC:
            return logistic_activate(x);
        case RELU:
            return relu_activate(x);
        case LEAKY:
            return leaky_activate(x);
        case TANH:
            return tanh_activate(x);
        default:
            break;
    }
    return 0;
}

void activate_array(float *x, const int n, const ACTIVATION a)
{
    int i;
    for(i = 0; i < n; ++i){
        x[i] = activate(x[i], a);
    }
}

/* ---- blas.c ---- */
void fill_cpu(int N, float ALPHA, float *X, int INCX)
{
    int i;
    for(i = 0; i < N; ++i) X[i*INCX] = ALPHA;
}

void softmax(float *input, int n, float temp, int stride, float *output)
{
    int i;
    float sum = 0;
    float largest = -FLT_MAX;
    for(i = 0; i < n; ++i){
        if(input[i*stride] > largest) largest = input[i*stride];
    }
    for(i = 0; i < n; ++i){
        float e = exp(input[i*stride]/temp - largest/temp);
        sum += e;
        output[i*stride] = e;
    }
    for(i = 0; i < n; ++i){
        output[i*stride] /= sum;
    }
}

void softmax_x_ent_cpu(int n, float *pred, float *truth, float *delta, float *error)
{
    int i;
    for(i = 0; i < n; ++i){
        float t = truth[i];
        float p = pred[i];
        error[i] = (t) ? -log(p) : 0;
        delta[i] = t-p;
    }
}

/* ---- convolutional_layer.c ---- */
void add_bias(float *output, float *biases, int batch, int n, int size)
{
    int i,j,b;
    for(b = 0; b < batch; ++b){
        for(i = 0; i < n; ++i){
            for(j = 0; j < size; ++j){
                output[(b*n + i)*size + j] += biases[i];
            }
        }
    }
}

/* ---- im2col.c ---- */
float im2col_get_pixel(float *im, int height, int width, int channels,
                        int row, int col, int channel, int pad)
{
    (void)channels;
    row -= pad;
    col -= pad;

    if (row < 0 || col < 0 ||
        row >= height || col >= width) return 0;
    return im[col + width*(row + height*channel)];
}

//From Berkeley Vision's Caffe!
//https://github.com/BVLC/caffe/blob/master/LICENSE
void im2col_cpu(float* data_im,
     int channels,  int height,  int width,
     int ksize,  int stride, int pad, float* data_col)
{
    int c,h,w;
    int height_col = (height + 2*pad - ksize) / stride + 1;
    int width_col = (width + 2*pad - ksize) / stride + 1;

    int channels_col = channels * ksize * ksize;
    for (c = 0; c < channels_col; ++c) {
        int w_offset = c % ksize;
        int h_offset = (c / ksize) % ksize;
        int c_im = c / ksize / ksize;
        for (h = 0; h < height_col; ++h) {
            for (w = 0; w < width_col; ++w) {
                int im_row = h_offset + h * stride;
                int im_col = w_offset + w * stride;
                int col_index = (c * height_col + h) * width_col + w;
                data_col[col_index] = im2col_get_pixel(data_im, height, width, channels,
                        im_row, im_col, c_im, pad);
            }
        }
    }
}

/* ---- gemm.c ---- */
void gemm_nn(int M, int N, int K, float ALPHA,
        float *A, int lda,
        float *B, int ldb,
        float *C, int ldc)
{
    int i,j,k;
    #pragma omp parallel for
    for(i = 0; i < M; ++i){
        for(k = 0; k < K; ++k){
            register float A_PART = ALPHA*A[i*lda+k];
            for(j = 0; j < N; ++j){
                C[i*ldc+j] += A_PART*B[k*ldb+j];
            }
        }
    }
}

void gemm_nt(int M, int N, int K, float ALPHA,
        float *A, int lda,
        float *B, int ldb,
        float *C, int ldc)
{
    int i,j,k;
    #pragma omp parallel for
    for(i = 0; i < M; ++i){
        for(j = 0; j < N; ++j){
            register float sum = 0;
            for(k = 0; k < K; ++k){
                sum += ALPHA*A[i*lda+k]*B[j*ldb + k];
            }
            C[i*ldc+j] += sum;
        }
    }
}

void gemm_cpu(int TA, int TB, int M, int N, int K, float ALPHA,
        float *A, int lda,
        float *B, int ldb,
        float BETA,
        float *C, int ldc)
{
    int i, j;
    for(i = 0; i < M; ++i){
        for(j = 0; j < N; ++j){
            C[i*ldc + j] *= BETA;
        }
    }
    if(!TA && !TB)
        gemm_nn(M, N, K, ALPHA,A,lda, B, ldb,C,ldc);
    else if(!TA && TB)
        gemm_nt(M, N, K, ALPHA,A,lda, B, ldb,C,ldc);
}

void gemm(int TA, int TB, int M, int N, int K, float ALPHA,
        float *A, int lda,
        float *B, int ldb,
        float BETA,
        float *C, int ldc)
{
    gemm_cpu( TA,  TB,  M, N, K, ALPHA,A,lda, B, ldb,BETA,C,ldc);
}

/* ---- the layers' forward passes ---- */
void forward_convolutional_layer(layer l, network net)
{
    int i, j;

    fill_cpu(l.outputs*l.batch, 0, l.output, 1);

    int m = l.n/l.groups;
    int k = l.size*l.size*l.c/l.groups;
    int n = l.out_w*l.out_h;
    for(i = 0; i < l.batch; ++i){
        for(j = 0; j < l.groups; ++j){
            float *a = l.weights + j*l.nweights/l.groups;
            float *b = net.workspace;
            float *c = l.output + (i*l.groups + j)*n*m;
            float *im =  net.input + (i*l.groups + j)*l.c/l.groups*l.h*l.w;

            if (l.size == 1) {
                b = im;
            } else {
                im2col_cpu(im, l.c/l.groups, l.h, l.w, l.size, l.stride, l.pad, b);
            }
            gemm(0,0,m,n,k,1,a,k,b,n,1,c,n);
        }
    }

    add_bias(l.output, l.biases, l.batch, l.n, l.out_h*l.out_w);

    activate_array(l.output, l.outputs*l.batch, l.activation);
}

void forward_maxpool_layer(const layer l, network net)
{
    int b,i,j,k,m,n;
    int w_offset = -l.pad/2;
    int h_offset = -l.pad/2;

    int h = l.out_h;
    int w = l.out_w;
    int c = l.c;

    for(b = 0; b < l.batch; ++b){
        for(k = 0; k < c; ++k){
            for(i = 0; i < h; ++i){
                for(j = 0; j < w; ++j){
                    int out_index = j + w*(i + h*(k + c*b));
                    float max = -FLT_MAX;
                    int max_i = -1;
                    for(n = 0; n < l.size; ++n){
                        for(m = 0; m < l.size; ++m){
                            int cur_h = h_offset + i*l.stride + n;
                            int cur_w = w_offset + j*l.stride + m;
                            int index = cur_w + l.w*(cur_h + l.h*(k + b*l.c));
                            int valid = (cur_h >= 0 && cur_h < l.h &&
                                         cur_w >= 0 && cur_w < l.w);
                            float val = (valid != 0) ? net.input[index] : -FLT_MAX;
                            max_i = (val > max) ? index : max_i;
                            max   = (val > max) ? val   : max;
                        }
                    }
                    l.output[out_index] = max;
                    l.indexes[out_index] = max_i;
                }
            }
        }
    }
}

void forward_connected_layer(layer l, network net)
{
    fill_cpu(l.outputs*l.batch, 0, l.output, 1);
    int m = l.batch;
    int k = l.inputs;
    int n = l.outputs;
    float *a = net.input;
    float *b = l.weights;
    float *c = l.output;
    gemm(0,1,m,n,k,1,a,k,b,k,1,c,n);
    add_bias(l.output, l.biases, l.batch, l.outputs, 1);
    activate_array(l.output, l.outputs*l.batch, l.activation);
}

/* ---- network.c ---- */
void forward_network(network *netp)
{
    network net = *netp;
    int i;
    for(i = 0; i < net.n; ++i){
        net.index = i;
        layer l = net.layers[i];
        l.forward(l, net);
        net.input = l.output;
    }
}

/* ---- the user's code ---- */
#define IMG 12
#define NF 4
#define NCLS 10
#define POOLED (NF * (IMG / 2) * (IMG / 2))

/* mean cross-entropy of a batch of IMG x IMG single-channel images */
float cnn_loss(float *wconv, float *bconv, float *wfc, float *bfc, float *img, float *truth,
               int batch)
{
    layer conv = {0}, pool = {0}, fc = {0};
    network net;
    int b, i;

    conv.batch = batch; conv.h = conv.w = IMG; conv.c = 1; conv.n = NF; conv.groups = 1;
    conv.size = 3; conv.stride = 1; conv.pad = 1;
    conv.out_h = conv.out_w = IMG; conv.out_c = NF;
    conv.inputs = IMG * IMG; conv.outputs = NF * IMG * IMG;
    conv.nweights = NF * 9; conv.activation = LEAKY;
    conv.weights = wconv; conv.biases = bconv;
    conv.output = calloc(conv.outputs * batch, sizeof(float));

    pool.batch = batch; pool.h = pool.w = IMG; pool.c = NF; pool.size = 2; pool.stride = 2;
    pool.pad = 0; pool.out_h = pool.out_w = IMG / 2; pool.out_c = NF;
    pool.inputs = conv.outputs; pool.outputs = POOLED;
    pool.output = calloc(POOLED * batch, sizeof(float));
    pool.indexes = calloc(POOLED * batch, sizeof(int));

    fc.batch = batch; fc.inputs = POOLED; fc.outputs = NCLS; fc.activation = LINEAR;
    fc.weights = wfc; fc.biases = bfc;
    fc.output = calloc(NCLS * batch, sizeof(float));

    net.workspace = calloc(9 * IMG * IMG, sizeof(float));
    net.input = img;
    forward_convolutional_layer(conv, net);
    net.input = conv.output;
    forward_maxpool_layer(pool, net);
    net.input = pool.output;
    forward_connected_layer(fc, net);

    float *prob = calloc(NCLS * batch, sizeof(float));
    float *delta = calloc(NCLS * batch, sizeof(float));
    float *err = calloc(NCLS * batch, sizeof(float));
    for (b = 0; b < batch; ++b)
        softmax(fc.output + b * NCLS, NCLS, 1, 1, prob + b * NCLS);
    softmax_x_ent_cpu(NCLS * batch, prob, truth, delta, err);
    float loss = 0;
    for (i = 0; i < NCLS * batch; ++i)
        loss += err[i];

    free(prob); free(delta); free(err);
    free(conv.output); free(pool.output); free(pool.indexes); free(fc.output);
    free(net.workspace);
    return loss / batch;
}


/* the same network run by darknet's forward_network: the layers in an array, each called
** through its forward pointer */
float cnn_loss_net(float *wconv, float *bconv, float *wfc, float *bfc, float *img, float *truth,
                   int batch)
{
    layer L[3];
    network net;
    int b, i;
    memset(L, 0, sizeof L);
    layer *conv = &L[0], *pool = &L[1], *fc = &L[2];

    conv->batch = batch; conv->h = conv->w = IMG; conv->c = 1; conv->n = NF; conv->groups = 1;
    conv->size = 3; conv->stride = 1; conv->pad = 1;
    conv->out_h = conv->out_w = IMG; conv->out_c = NF;
    conv->inputs = IMG * IMG; conv->outputs = NF * IMG * IMG;
    conv->nweights = NF * 9; conv->activation = LEAKY;
    conv->weights = wconv; conv->biases = bconv;
    conv->output = calloc(conv->outputs * batch, sizeof(float));
    conv->forward = forward_convolutional_layer;

    pool->batch = batch; pool->h = pool->w = IMG; pool->c = NF; pool->size = 2; pool->stride = 2;
    pool->pad = 0; pool->out_h = pool->out_w = IMG / 2; pool->out_c = NF;
    pool->inputs = conv->outputs; pool->outputs = POOLED;
    pool->output = calloc(POOLED * batch, sizeof(float));
    pool->indexes = calloc(POOLED * batch, sizeof(int));
    pool->forward = forward_maxpool_layer;

    fc->batch = batch; fc->inputs = POOLED; fc->outputs = NCLS; fc->activation = LINEAR;
    fc->weights = wfc; fc->biases = bfc;
    fc->output = calloc(NCLS * batch, sizeof(float));
    fc->forward = forward_connected_layer;

    net.n = 3;
    net.batch = batch;
    net.layers = L;
    net.workspace = calloc(9 * IMG * IMG, sizeof(float));
    net.input = img;
    forward_network(&net);

    float *prob = calloc(NCLS * batch, sizeof(float));
    float *delta = calloc(NCLS * batch, sizeof(float));
    float *err = calloc(NCLS * batch, sizeof(float));
    for (b = 0; b < batch; ++b)
        softmax(fc->output + b * NCLS, NCLS, 1, 1, prob + b * NCLS);
    softmax_x_ent_cpu(NCLS * batch, prob, truth, delta, err);
    float loss = 0;
    for (i = 0; i < NCLS * batch; ++i)
        loss += err[i];

    free(prob); free(delta); free(err);
    free(conv->output); free(pool->output); free(pool->indexes); free(fc->output);
    free(net.workspace);
    return loss / batch;
}

#pragma ad grad(cnn_loss_net) wrt(wconv[NF * 9], bconv[NF], wfc[NCLS * POOLED], bfc[NCLS]) scratch(img[batch * IMG * IMG])
#pragma ad grad(cnn_loss) wrt(wconv[NF * 9], bconv[NF], wfc[NCLS * POOLED], bfc[NCLS]) scratch(img[batch * IMG * IMG])
#pragma ad jvp(cnn_loss) wrt(wconv[NF * 9], bconv[NF], wfc[NCLS * POOLED], bfc[NCLS]) scratch(img[batch * IMG * IMG])

#include "darknet_cnn.ad.h"

#define BATCH 3
#define NW (NF * 9 + NF + NCLS * POOLED + NCLS)

static float g_img[BATCH * IMG * IMG], g_truth[BATCH * NCLS];

static float loss_at(const float *w)
{
    float ww[NW];
    memcpy(ww, w, sizeof ww);
    return cnn_loss(ww, ww + NF * 9, ww + NF * 10, ww + NF * 10 + NCLS * POOLED, g_img, g_truth,
                    BATCH);
}

/* the wrapper's forward pass again, keeping the probabilities */
static void cnn_probs(float *wconv, float *bconv, float *wfc, float *bfc, float *img, int batch,
                      float *prob)
{
    layer conv = {0}, pool = {0}, fc = {0};
    network net;
    conv.batch = batch; conv.h = conv.w = IMG; conv.c = 1; conv.n = NF; conv.groups = 1;
    conv.size = 3; conv.stride = 1; conv.pad = 1; conv.out_h = conv.out_w = IMG;
    conv.outputs = NF * IMG * IMG; conv.nweights = NF * 9; conv.activation = LEAKY;
    conv.weights = wconv; conv.biases = bconv;
    conv.output = calloc(conv.outputs * batch, sizeof(float));
    pool.batch = batch; pool.h = pool.w = IMG; pool.c = NF; pool.size = 2; pool.stride = 2;
    pool.out_h = pool.out_w = IMG / 2; pool.outputs = POOLED;
    pool.output = calloc(POOLED * batch, sizeof(float));
    pool.indexes = calloc(POOLED * batch, sizeof(int));
    fc.batch = batch; fc.inputs = POOLED; fc.outputs = NCLS; fc.activation = LINEAR;
    fc.weights = wfc; fc.biases = bfc;
    fc.output = calloc(NCLS * batch, sizeof(float));
    net.workspace = calloc(9 * IMG * IMG, sizeof(float));
    net.input = img;
    forward_convolutional_layer(conv, net);
    net.input = conv.output;
    forward_maxpool_layer(pool, net);
    net.input = pool.output;
    forward_connected_layer(fc, net);
    for (int b = 0; b < batch; ++b)
        softmax(fc.output + b * NCLS, NCLS, 1, 1, prob + b * NCLS);
    free(conv.output); free(pool.output); free(pool.indexes); free(fc.output);
    free(net.workspace);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(void)
{
    OracleRng rng = oracle_rng(31337);
    static float w[NW], g[NW], v[NW];
    for (int i = 0; i < NW; i++)
        w[i] = (float)(0.3 * oracle_normal(&rng));
    for (int i = 0; i < BATCH * IMG * IMG; i++)
        g_img[i] = (float)oracle_unif01(&rng);
    for (int b = 0; b < BATCH; b++)
        g_truth[b * NCLS + (3 * b + 1) % NCLS] = 1;

    float *wc = w, *bc = w + NF * 9, *wf = w + NF * 10, *bf = w + NF * 10 + NCLS * POOLED;
    float *gwc = g, *gbc = g + NF * 9, *gwf = g + NF * 10, *gbf = g + NF * 10 + NCLS * POOLED;
    float f0 = cnn_loss(wc, bc, wf, bf, g_img, g_truth, BATCH);
    float fg = cnn_loss_grad(wc, gwc, bc, gbc, wf, gwf, bf, gbf, g_img, g_truth, BATCH);
    CHECK_CLOSE("grad primal", fg, f0, 0, 0);

    /* d loss / d bfc = mean over the batch of softmax(logits) - one-hot (closed form), with
    ** the probabilities from the primal layers run by hand */
    {
        static float prob[BATCH * NCLS];
        cnn_probs(wc, bc, wf, bf, g_img, BATCH, prob);
        double want[NCLS] = {0}, gotd[NCLS], s = 0;
        for (int b = 0; b < BATCH; b++)
            for (int k = 0; k < NCLS; k++)
                want[k] += ((double)prob[b * NCLS + k] - g_truth[b * NCLS + k]) / BATCH;
        for (int k = 0; k < NCLS; k++) {
            gotd[k] = gbf[k];
            s += gbf[k];
        }
        CHECK_VEC_CLOSE("d/dbfc = mean(softmax - onehot)", gotd, want, NCLS, 1e-5, 1e-7);
        CHECK_CLOSE("sum of d/dbfc", s, 0, 0, 1e-6);
    }

    /* darknet's forward_network: the same loss, the same gradient */
    {
        static float g2[NW];
        float fn = cnn_loss_net_grad(wc, g2, bc, g2 + NF * 9, wf, g2 + NF * 10, bf,
                                     g2 + NF * 10 + NCLS * POOLED, g_img, g_truth, BATCH);
        CHECK_CLOSE("forward_network primal", fn, f0, 0, 0);
        double a[NW], b2[NW];
        for (int i = 0; i < NW; i++) {
            a[i] = g2[i];
            b2[i] = g[i];
        }
        CHECK_VEC_CLOSE("forward_network grad = direct grad", a, b2, NW, 1e-6, 1e-8);
    }

    /* jvp = <grad, v> */
    {
        static float fdot;
        for (int i = 0; i < NW; i++)
            v[i] = (float)oracle_normal(&rng);
        float fj = cnn_loss_jvp(wc, v, bc, v + NF * 9, wf, v + NF * 10, bf,
                                v + NF * 10 + NCLS * POOLED, g_img, g_truth, BATCH, &fdot);
        CHECK_CLOSE("jvp primal", fj, f0, 0, 0);
        double dot = 0, mag = 0;
        for (int i = 0; i < NW; i++) {
            dot += (double)g[i] * v[i];
            mag += fabs((double)g[i] * v[i]);
        }
        CHECK_CLOSE("jvp = <grad, v>", fdot, dot, 1e-4, 1e-5 * mag);
    }

    /* differences along the connected layer's weights (smooth there: float step 1e-2, rtol
    ** 2e-2), and per coordinate for the 40 conv weights and biases: the one-sided difference
    ** nearer to the gradient (the leaky and max kinks are dense: some lie within a step on one
    ** side), step 1e-3 (truncation h f''/2 ~ 5e-4, float rounding eps |f| / h ~ 5e-4: atol
    ** 2e-3, rtol 2e-2; a lost conv gradient is off by 100%) */
    {
        double gdir = 0;
        static float wp[NW], wm[NW];
        for (int i = 0; i < NW; i++)
            v[i] = i >= NF * 10 ? (float)oracle_normal(&rng) : 0.0f;
        for (int i = 0; i < NW; i++)
            gdir += (double)g[i] * v[i];
        float h = 1e-2f;
        for (int i = 0; i < NW; i++) {
            wp[i] = w[i] + h * v[i];
            wm[i] = w[i] - h * v[i];
        }
        double fd = ((double)loss_at(wp) - (double)loss_at(wm)) / (2 * h);
        CHECK_CLOSE("grad . v (fc weights) vs FD", gdir, fd, 2e-2, 1e-3);
        double got[NF * 10], want[NF * 10], f00 = loss_at(w);
        for (int i = 0; i < NF * 10; i++) {
            memcpy(wp, w, sizeof w);
            memcpy(wm, w, sizeof w);
            h = 1e-3f;
            wp[i] += h;
            wm[i] -= h;
            /* the one-sided difference nearer to the gradient: a kink may lie on one side */
            double fw = ((double)loss_at(wp) - f00) / ((double)wp[i] - w[i]);
            double bw = (f00 - (double)loss_at(wm)) / ((double)w[i] - wm[i]);
            got[i] = g[i];
            want[i] = fabs(fw - got[i]) < fabs(bw - got[i]) ? fw : bw;
        }
        CHECK_VEC_CLOSE("grad (conv weights, biases) vs FD", got, want, NF * 10, 2e-2, 2e-3);
    }

    {
        int reps = 200;
        double t0 = now(), s = 0;
        for (int r = 0; r < reps; r++)
            s += cnn_loss(wc, bc, wf, bf, g_img, g_truth, BATCH);
        double tf = (now() - t0) / reps;
        t0 = now();
        for (int r = 0; r < reps; r++)
            s += cnn_loss_grad(wc, gwc, bc, gbc, wf, gwf, bf, gbf, g_img, g_truth, BATCH);
        double tg = (now() - t0) / reps;
        printf("timing: f %.3g s, grad %.3g s, grad/f %.2f (%g)\n", tf, tg, tg / tf, s);
    }
    return oracle_result();
}
