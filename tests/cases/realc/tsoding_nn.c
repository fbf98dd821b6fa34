// EXPECT-WARNING: zeroes the floating fields of
// NO-STANDALONE-HEADER: nn.h typedefs anonymous structs (tests/fuzz/open/header_anon_typedef_selfinclude.c)
/*
** realc/tsoding_nn: the matrix and network code of Tsoding's nn.h as it is
** written: Mat {rows, cols, stride, float *es} passed by value, MAT_AT macro,
** mat_row returning a view by a compound literal with designated initialisers,
** NN {count, Mat *ws, Mat *bs, Mat *as} by value with arrays of Mat structs,
** NN_INPUT/NN_OUTPUT macros, size_t loops, NN_ASSERT = assert, mat_copy into
** the network's input row, in-place sigmoid.
** Requests: grad of nn_cost wrt the network (its shadow an NN from nn_alloc,
** as nn.h's own finite_diff and backprop take one).
** Oracle: nn.h's hand-written nn_backprop (float: rtol 1e-5; its hidden
** layers come out 2^(count-1-l) times too large, see main), and float central
** differences on every weight (h = 1e-2, rtol 1e-2).
** Before: mat_row's `&MAT_AT(m, row, 0)` made cc-ad copy the by-value
** parameter m (as if its address were taken), so the view constructor was
** not inlined (error: 'mat_row' returns a struct that holds pointers); and
** NN_ASSERT (#define NN_ASSERT assert) expanded to a void ?: statement that
** became a void temporary FILE.ad.c could not compile.
*/
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

#define NN_ASSERT assert
#define NN_MALLOC malloc
#define ARRAY_LEN(xs) sizeof((xs))/sizeof((xs)[0])

typedef struct {
    size_t rows;
    size_t cols;
    size_t stride;
    float *es;
} Mat;

#define MAT_AT(m, i, j) (m).es[(i)*(m).stride + (j)]

typedef struct {
    size_t count;
    Mat *ws;
    Mat *bs;
    Mat *as; // The amount of activations is count+1
} NN;

#define NN_INPUT(nn) (nn).as[0]
#define NN_OUTPUT(nn) (nn).as[(nn).count]

float sigmoidf(float x)
{
    return 1.f / (1.f + expf(-x));
}

Mat mat_alloc(size_t rows, size_t cols)
{
    Mat m;
    m.rows = rows;
    m.cols = cols;
    m.stride = cols;
    m.es = NN_MALLOC(sizeof(*m.es)*rows*cols);
    NN_ASSERT(m.es != NULL);
    return m;
}

void mat_fill(Mat m, float x)
{
    for (size_t i = 0; i < m.rows; ++i) {
        for (size_t j = 0; j < m.cols; ++j) {
            MAT_AT(m, i, j) = x;
        }
    }
}

void mat_dot(Mat dst, Mat a, Mat b)
{
    NN_ASSERT(a.cols == b.rows);
    size_t n = a.cols;
    NN_ASSERT(dst.rows == a.rows);
    NN_ASSERT(dst.cols == b.cols);

    for (size_t i = 0; i < dst.rows; ++i) {
        for (size_t j = 0; j < dst.cols; ++j) {
            MAT_AT(dst, i, j) = 0;
            for (size_t k = 0; k < n; ++k) {
                MAT_AT(dst, i, j) += MAT_AT(a, i, k) * MAT_AT(b, k, j);
            }
        }
    }
}

Mat mat_row(Mat m, size_t row)
{
    return (Mat){
        .rows = 1,
        .cols = m.cols,
        .stride = m.stride,
        .es = &MAT_AT(m, row, 0),
    };
}

void mat_copy(Mat dst, Mat src)
{
    NN_ASSERT(dst.rows == src.rows);
    NN_ASSERT(dst.cols == src.cols);
    for (size_t i = 0; i < dst.rows; ++i) {
        for (size_t j = 0; j < dst.cols; ++j) {
            MAT_AT(dst, i, j) = MAT_AT(src, i, j);
        }
    }
}

void mat_sum(Mat dst, Mat a)
{
    NN_ASSERT(dst.rows == a.rows);
    NN_ASSERT(dst.cols == a.cols);
    for (size_t i = 0; i < dst.rows; ++i) {
        for (size_t j = 0; j < dst.cols; ++j) {
            MAT_AT(dst, i, j) += MAT_AT(a, i, j);
        }
    }
}

void mat_sig(Mat m)
{
    for (size_t i = 0; i < m.rows; ++i) {
        for (size_t j = 0; j < m.cols; ++j) {
            MAT_AT(m, i, j) = sigmoidf(MAT_AT(m, i, j));
        }
    }
}

NN nn_alloc(size_t *arch, size_t arch_count)
{
    NN_ASSERT(arch_count > 0);

    NN nn;
    nn.count = arch_count - 1;

    nn.ws = NN_MALLOC(sizeof(*nn.ws)*nn.count);
    NN_ASSERT(nn.ws != NULL);
    nn.bs = NN_MALLOC(sizeof(*nn.bs)*nn.count);
    NN_ASSERT(nn.bs != NULL);
    nn.as = NN_MALLOC(sizeof(*nn.as)*(nn.count + 1));
    NN_ASSERT(nn.as != NULL);

    nn.as[0] = mat_alloc(1, arch[0]);
    for (size_t i = 1; i < arch_count; ++i) {
        nn.ws[i-1] = mat_alloc(nn.as[i-1].cols, arch[i]);
        nn.bs[i-1] = mat_alloc(1, arch[i]);
        nn.as[i]   = mat_alloc(1, arch[i]);
    }

    return nn;
}

void nn_zero(NN nn)
{
    for (size_t i = 0; i < nn.count; ++i) {
        mat_fill(nn.ws[i], 0);
        mat_fill(nn.bs[i], 0);
        mat_fill(nn.as[i], 0);
    }
    mat_fill(nn.as[nn.count], 0);
}

void nn_forward(NN nn)
{
    for (size_t i = 0; i < nn.count; ++i) {
        mat_dot(nn.as[i+1], nn.as[i], nn.ws[i]);
        mat_sum(nn.as[i+1], nn.bs[i]);
        mat_sig(nn.as[i+1]);
    }
}

float nn_cost(NN nn, Mat ti, Mat to)
{
    assert(ti.rows == to.rows);
    assert(to.cols == NN_OUTPUT(nn).cols);
    size_t n = ti.rows;

    float c = 0;
    for (size_t i = 0; i < n; ++i) {
        Mat x = mat_row(ti, i);
        Mat y = mat_row(to, i);

        mat_copy(NN_INPUT(nn), x);
        nn_forward(nn);
        size_t q = to.cols;
        for (size_t j = 0; j < q; ++j) {
            float d = MAT_AT(NN_OUTPUT(nn), 0, j) - MAT_AT(y, 0, j);
            c += d*d;
        }
    }

    return c/n;
}

void nn_backprop(NN nn, NN g, Mat ti, Mat to)
{
    NN_ASSERT(ti.rows == to.rows);
    size_t n = ti.rows;
    NN_ASSERT(NN_OUTPUT(nn).cols == to.cols);

    nn_zero(g);

    // i - current sample
    // l - current layer
    // j - current activation
    // k - previous activation

    for (size_t i = 0; i < n; ++i) {
        mat_copy(NN_INPUT(nn), mat_row(ti, i));
        nn_forward(nn);

        for (size_t j = 0; j <= nn.count; ++j) {
            mat_fill(g.as[j], 0);
        }

        for (size_t j = 0; j < to.cols; ++j) {
            MAT_AT(NN_OUTPUT(g), 0, j) = MAT_AT(NN_OUTPUT(nn), 0, j) - MAT_AT(to, i, j);
        }

        for (size_t l = nn.count; l > 0; --l) {
            for (size_t j = 0; j < nn.as[l].cols; ++j) {
                float a = MAT_AT(nn.as[l], 0, j);
                float da = MAT_AT(g.as[l], 0, j);
                MAT_AT(g.bs[l-1], 0, j) += 2*da*a*(1 - a);
                for (size_t k = 0; k < nn.as[l-1].cols; ++k) {
                    // j - weight matrix col
                    // k - weight matrix row
                    float pa = MAT_AT(nn.as[l-1], 0, k);
                    float w = MAT_AT(nn.ws[l-1], k, j);
                    MAT_AT(g.ws[l-1], k, j) += 2*da*a*(1 - a)*pa;
                    MAT_AT(g.as[l-1], 0, k) += 2*da*a*(1 - a)*w;
                }
            }
        }
    }

    for (size_t i = 0; i < g.count; ++i) {
        for (size_t j = 0; j < g.ws[i].rows; ++j) {
            for (size_t k = 0; k < g.ws[i].cols; ++k) {
                MAT_AT(g.ws[i], j, k) /= n;
            }
        }
        for (size_t j = 0; j < g.bs[i].rows; ++j) {
            for (size_t k = 0; k < g.bs[i].cols; ++k) {
                MAT_AT(g.bs[i], j, k) /= n;
            }
        }
    }
}
#pragma ad grad(nn_cost) wrt(nn)

#include "tsoding_nn.ad.h"

/* nn.h has no nn_free: the test's own, so that ASan's leak check passes */
static void nn_release(NN nn)
{
    for (size_t i = 0; i < nn.count; ++i) {
        free(nn.ws[i].es);
        free(nn.bs[i].es);
    }
    for (size_t i = 0; i <= nn.count; ++i) free(nn.as[i].es);
    free(nn.ws);
    free(nn.bs);
    free(nn.as);
}

int main(void)
{
    size_t arch[] = {2, 3, 2};
    NN nn = nn_alloc(arch, ARRAY_LEN(arch)), g = nn_alloc(arch, ARRAY_LEN(arch)), gh = nn_alloc(arch, ARRAY_LEN(arch));
    OracleRng r = oracle_rng(5);
    for (size_t i = 0; i < nn.count; ++i) {
        for (size_t k = 0; k < nn.ws[i].rows * nn.ws[i].cols; ++k) nn.ws[i].es[k] = (float)oracle_uniform(&r, -1, 1);
        for (size_t k = 0; k < nn.bs[i].cols; ++k) nn.bs[i].es[k] = (float)oracle_uniform(&r, -1, 1);
    }
    float td[] = {0, 0, 0, 1,  0, 1, 1, 0,  1, 0, 1, 0,  1, 1, 0, 1};   /* xor and and: 4 samples, 2 in, 2 out */
    Mat ti = {4, 2, 4, td}, to = {4, 2, 4, td + 2};
    nn_zero(g);
    float c0 = nn_cost(nn, ti, to);
    float c1 = nn_cost_grad(nn, &g, ti, to);
    CHECK_CLOSE("primal", c1, c0, 1e-6, 0);
    nn_backprop(nn, gh, ti, to);
    /* nn_backprop carries 2*da into g.as[l-1] and multiplies by 2 again at
       the next layer, so its hidden layers' gradients are 2^(count-1-l) times
       too large (harmless for training with a tuned rate): layer l is
       compared with nn_backprop / 2^(count-1-l), and with differences. */
    for (size_t i = 0; i < nn.count; ++i) {
        float sc = (float)(1u << (nn.count - 1 - i));
        for (size_t k = 0; k < nn.ws[i].rows * nn.ws[i].cols; ++k) CHECK_CLOSE("dC/dw = nn_backprop", g.ws[i].es[k], gh.ws[i].es[k] / sc, 1e-5, 1e-6);
        for (size_t k = 0; k < nn.bs[i].cols; ++k) CHECK_CLOSE("dC/db = nn_backprop", g.bs[i].es[k], gh.bs[i].es[k] / sc, 1e-5, 1e-6);
        for (size_t k = 0; k < nn.ws[i].rows * nn.ws[i].cols; ++k) {
            float w0 = nn.ws[i].es[k], h = 1e-2f;
            nn.ws[i].es[k] = w0 + h; float cp = nn_cost(nn, ti, to);
            nn.ws[i].es[k] = w0 - h; float cm = nn_cost(nn, ti, to);
            nn.ws[i].es[k] = w0;
            CHECK_CLOSE("dC/dw vs fd", g.ws[i].es[k], (cp - cm) / (2 * h), 1e-2, 1e-4);
        }
    }
    nn_release(nn);
    nn_release(g);
    nn_release(gh);
    return oracle_result();
}
