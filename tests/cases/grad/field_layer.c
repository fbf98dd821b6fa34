/*
** grad/field_layer: a dense layer as C code packs it, its weights and its
** output buffer in one struct (typedef struct Layer { const double *w;
** double *out; int n; }) that a helper runs through a pointer. The
** gradient with respect to the weights, and the one with respect to the
** input, each with the output buffer as scratch. Regression: the analysis
** gave all the pointer fields of a struct one pointee, so the store into
** L->out made w's memory "stored with varied values" and the request for
** the input's gradient was refused ("stores values that depend on the
** inputs through parameter 'w'", although w is const and never written).
** The input's gradient takes no w_bar. Also a Layer copied whole (M = L)
** and one in an array of two layers, each field kept apart.
** Oracles: central differences of the loss (h ~ 6e-6, ORACLE_RTOL_FD);
** vjp against jvp by the dot-product test (1e-12); the output buffer
** after each call as the primal leaves it, bitwise.
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Layer {
    const double *w;
    double *out;
    int n;
} Layer;

static void layer_run(Layer *L, const double *in)
{
    for (int i = 0; i < L->n; i++) {
        double s = 0;
        for (int j = 0; j < L->n; j++)
            s += L->w[i * L->n + j] * in[j];
        L->out[i] = tanh(s);
    }
}

double loss(const double *w, const double *x, double *out, int n)
{
    Layer L = {w, out, n};
    layer_run(&L, x);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += out[i] * out[i];
    return s;
}

/* two layers: the second reads the first's output; a copy of the first */
double loss2(const double *w, const double *x, double *out, int n)
{
    Layer net[2] = {{w, out, n}, {w + n * n, out + n, n}};
    Layer M = net[0];
    layer_run(&M, x);
    layer_run(&net[1], net[0].out);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += net[1].out[i] * x[i];
    return s;
}

#pragma ad grad(loss) wrt(w[n*n]) scratch(out[n])
#pragma ad grad(loss) wrt(x[n]) scratch(out[n]) name(loss_gx)
#pragma ad vjp(loss) wrt(x[n]) scratch(out[n]) name(loss_vx)
#pragma ad jvp(loss) wrt(x[n]) scratch(out[n]) name(loss_jx)
#pragma ad grad(loss2) wrt(x[n]) scratch(out[2*n])
#pragma ad grad(loss2) wrt(w[2*n*n]) scratch(out[2*n]) name(loss2_gw)

#include "field_layer.ad.h"

enum { N = 4 };

typedef double (*LossFn)(const double *w, const double *x, double *out, int n);

/* central differences of f in w (which = 0) or in x (which = 1) */
static void fd(LossFn f, const double *w, const double *x, int nw, int which, double *g)
{
    double wp[2 * N * N], xp[N], out[2 * N];
    int len = which ? N : nw;
    for (int j = 0; j < len; j++) {
        memcpy(wp, w, sizeof(double) * (size_t)nw);
        memcpy(xp, x, sizeof xp);
        double *v = which ? xp : wp;
        double h = oracle_fd_step(v[j], DBL_EPSILON), base = v[j];
        v[j] = base + h;
        double fp = f(wp, xp, out, N);
        v[j] = base - h;
        double fm = f(wp, xp, out, N);
        g[j] = (fp - fm) / (2 * h);
    }
}

int main(void)
{
    OracleRng rng = oracle_rng(7);
    double w[2 * N * N], x[N], v[N], gw[2 * N * N], gx[N], want[2 * N], out[2 * N], fdg[2 * N * N];
    oracle_fill_uniform(&rng, w, 2 * N * N, -0.8, 0.8);
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);

    double y = loss(w, x, want, N);
    memset(out, 0, sizeof out);
    CHECK_CLOSE("grad w primal", loss_grad(w, gw, x, out, N), y, 0, 0);
    CHECK_VEC_CLOSE("grad w: out as the primal leaves it", out, want, N, 0, 0);
    fd(loss, w, x, N * N, 0, fdg);
    CHECK_VEC_CLOSE("grad w vs fd", gw, fdg, N * N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    memset(out, 0, sizeof out);
    CHECK_CLOSE("grad x primal", loss_gx(w, x, gx, out, N), y, 0, 0);
    CHECK_VEC_CLOSE("grad x: out as the primal leaves it", out, want, N, 0, 0);
    fd(loss, w, x, N * N, 1, fdg);
    CHECK_VEC_CLOSE("grad x vs fd", gx, fdg, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    double b[N] = {0}, d = 0;
    CHECK_CLOSE("vjp primal", loss_vx(w, x, b, out, N, 1.5), y, 0, 0);
    CHECK_CLOSE("jvp primal", loss_jx(w, x, v, out, N, &d), y, 0, 0);
    CHECK_CLOSE("dot test", oracle_dot(b, v, N), 1.5 * d, ORACLE_RTOL_DOT, 1e-14);

    double y2 = loss2(w, x, want, N);
    memset(out, 0, sizeof out);
    CHECK_CLOSE("loss2 grad x primal", loss2_grad(w, x, gx, out, N), y2, 0, 0);
    CHECK_VEC_CLOSE("loss2 grad x: out as the primal leaves it", out, want, 2 * N, 0, 0);
    fd(loss2, w, x, 2 * N * N, 1, fdg);
    CHECK_VEC_CLOSE("loss2 grad x vs fd", gx, fdg, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    memset(out, 0, sizeof out);
    CHECK_CLOSE("loss2 grad w primal", loss2_gw(w, gw, x, out, N), y2, 0, 0);
    fd(loss2, w, x, 2 * N * N, 0, fdg);
    CHECK_VEC_CLOSE("loss2 grad w vs fd", gw, fdg, 2 * N * N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
