/*
** grad/field_shapes: more shapes of structs of pointers as C code builds
** them, each field with its own pointee in the analysis: a linked list
** whose nodes point to their weights (struct Cell { const double *w;
** double *acc; struct Cell *next; }), a model holding an array of layers
** (Model { Layer *layers; int nl; }) whose layers point into one weight
** block and into one buffer of activations (the input copied in first,
** as genann does; layers[0].in and layers[1].in share a pointee), and a struct passed by value whose
** fields point to the input and to an output buffer. Gradients with
** respect to the weights and to the input, the other arrays scratch or
** not differentiated at all.
** Oracles: central differences (h ~ 6e-6, ORACLE_RTOL_FD); vjp against
** jvp by the dot-product test (1e-12).
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Cell {
    const double *w;
    double *acc;
    struct Cell *next;
} Cell;

/* sum over the list of acc[0] = sum_k w[k] * x[k]^2 */
double list_loss(const double *w, const double *x, double *acc, int n)
{
    Cell c[3];
    for (int i = 0; i < 3; i++) {
        c[i].w = w + i * n;
        c[i].acc = acc + i;
        c[i].next = i < 2 ? &c[i + 1] : NULL;
    }
    double s = 0;
    for (Cell *p = c; p; p = p->next) {
        p->acc[0] = 0;
        for (int k = 0; k < n; k++)
            p->acc[0] += p->w[k] * x[k] * x[k];
        s += sin(p->acc[0]);
    }
    return s;
}

typedef struct {
    const double *w;
    const double *in;
    double *out;
    int n;
} Layer;

typedef struct {
    Layer *layers;
    int nl;
} Model;

static void model_run(const Model *m)
{
    for (int l = 0; l < m->nl; l++) {
        const Layer *L = &m->layers[l];
        for (int i = 0; i < L->n; i++) {
            double s = 0;
            for (int j = 0; j < L->n; j++)
                s += L->w[i * L->n + j] * L->in[j];
            L->out[i] = tanh(s);
        }
    }
}

double model_loss(const double *w, const double *x, double *act, int n)
{
    Layer layers[2] = {{w, act, act + n, n}, {w + n * n, act + n, act + 2 * n, n}};
    Model m = {layers, 2};
    memcpy(act, x, sizeof(double) * (size_t)n);
    model_run(&m);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += act[2 * n + i] * (1.0 + i);
    return s;
}

typedef struct {
    const double *src;
    double *dst;
    int n;
} Job;

static void job_run(Job j)
{
    for (int i = 0; i < j.n; i++)
        j.dst[i] = exp(0.5 * j.src[i]);
}

double byval_loss(const double *x, double *y, int n)
{
    Job j = {x, y, n};
    job_run(j);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += y[i] * y[i];
    return s;
}

#pragma ad grad(list_loss) wrt(w[3*n]) scratch(acc[3])
#pragma ad grad(list_loss) wrt(x[n]) scratch(acc[3]) name(list_loss_gx)
#pragma ad grad(model_loss) wrt(x[n]) scratch(act[3*n])
#pragma ad grad(model_loss) wrt(w[2*n*n]) scratch(act[3*n]) name(model_loss_gw)
#pragma ad vjp(model_loss) wrt(x[n]) scratch(act[3*n])
#pragma ad jvp(model_loss) wrt(x[n]) scratch(act[3*n])
#pragma ad grad(byval_loss) wrt(x[n]) scratch(y[n])

#include "field_shapes.ad.h"

enum { N = 4 };

typedef double (*Fn2)(const double *a, const double *b, double *buf, int n);

/* central differences of f in its first (which = 0) or second argument */
static void fd(Fn2 f, const double *a, const double *b, int na, int nb, int which, double *g)
{
    double ap[64], bp[64], buf[64];
    int len = which ? nb : na;
    for (int j = 0; j < len; j++) {
        memcpy(ap, a, sizeof(double) * (size_t)na);
        memcpy(bp, b, sizeof(double) * (size_t)nb);
        double *v = which ? bp : ap;
        double h = oracle_fd_step(v[j], DBL_EPSILON), base = v[j];
        v[j] = base + h;
        double fp = f(ap, bp, buf, N);
        v[j] = base - h;
        g[j] = (fp - f(ap, bp, buf, N)) / (2 * h);
    }
}

static double byval_at(const double *x, const double *unused, double *y, int n)
{
    (void)unused;
    return byval_loss(x, y, n);
}

int main(void)
{
    OracleRng rng = oracle_rng(19);
    double w[3 * N * N], x[N], v[N], g[3 * N * N], want[3 * N * N], buf[3 * N];
    oracle_fill_uniform(&rng, w, 2 * N * N, -0.7, 0.7);
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);

    double y = list_loss(w, x, buf, N);
    CHECK_CLOSE("list grad w primal", list_loss_grad(w, g, x, buf, N), y, 0, 0);
    fd(list_loss, w, x, 3 * N, N, 0, want);
    CHECK_VEC_CLOSE("list grad w vs fd", g, want, 3 * N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_CLOSE("list grad x primal", list_loss_gx(w, x, g, buf, N), y, 0, 0);
    fd(list_loss, w, x, 3 * N, N, 1, want);
    CHECK_VEC_CLOSE("list grad x vs fd", g, want, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    y = model_loss(w, x, buf, N);
    CHECK_CLOSE("model grad x primal", model_loss_grad(w, x, g, buf, N), y, 0, 0);
    fd(model_loss, w, x, 2 * N * N, N, 1, want);
    CHECK_VEC_CLOSE("model grad x vs fd", g, want, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_CLOSE("model grad w primal", model_loss_gw(w, g, x, buf, N), y, 0, 0);
    fd(model_loss, w, x, 2 * N * N, N, 0, want);
    CHECK_VEC_CLOSE("model grad w vs fd", g, want, 2 * N * N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    double b[N] = {0}, d = 0;
    model_loss_vjp(w, x, b, buf, N, 1.0);
    model_loss_jvp(w, x, v, buf, N, &d);
    CHECK_CLOSE("model dot test", oracle_dot(b, v, N), d, ORACLE_RTOL_DOT, 1e-14);

    y = byval_loss(x, buf, N);
    CHECK_CLOSE("byval grad primal", byval_loss_grad(x, g, buf, N), y, 0, 0);
    fd(byval_at, x, x, N, N, 0, want);
    CHECK_VEC_CLOSE("byval grad vs fd", g, want, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
