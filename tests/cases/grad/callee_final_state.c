/*
** grad/callee_final_state: helpers that overwrite the caller's memory
** where the requested function has no size for it, while backward code
** needs the old values, so the helpers' backward code restores them. The
** caller's memory must still end as the primal leaves it. Before, cc-ad
** refused the first two shapes (give a size that an int array cannot
** have; move the stores into f) and only warned on the last two (after
** the call the data held its values from before the helper ran). Now the
** helpers log what they restore (the redo log, as f does for its own
** stores), and f_grad applies the log at its end.
**   perm_sum:  an int index array of the caller's, filled twice by a helper
**   weights:   a double *w without size, filled twice by a helper
**   squash:    data a struct parameter points to, rewritten by a helper
**   layers:    a helper calling a helper that rewrites a struct's buffer
**              (genann_run's ann->output), under a loop of two passes
**   byvalue:   a struct passed by value whose pointer a helper (taking
**              the struct by value too) rewrites the data of (stale before,
**              without a word)
**   workspace: a buffer f mallocs into a struct field, a helper rewrites
**              twice, and f frees: the log must not write into it after
**              the free (ccad_redo_free; ASan saw a use after free)
** Oracles: the caller's memory after the primal, compared bitwise after
** f_grad and f_vjp; central differences of the gradient (ORACLE_RTOL_FD).
*/
// EXPECT-WARNING: 'grad' zeroes the floating fields of '*s_bar'
// EXPECT-WARNING: 'grad' zeroes the floating fields of '*w_bar'
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 6

static void order(int *perm, const double *x, int n)
{
    for (int i = 0; i < n; i++)
        perm[i] = (i * 3 + (x[i] > 0)) % n;
}

double perm_sum(const double *x, int n, int *perm)
{
    order(perm, x, n);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[perm[i]] * x[i];
    double y[16] = {0};
    for (int i = 0; i < n; i++)
        y[i] = -x[i] * 2.0;
    order(perm, y, n);
    for (int i = 0; i < n; i++)
        s += y[perm[i]] * x[i];
    return s;
}

static void fill(double *w, int n, int k)
{
    for (int i = 0; i < n; i++)
        w[i] = cos(0.5 * i * k);
}

double weights(const double *x, int n, double *w)
{
    fill(w, n, 1);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * w[i];
    fill(w, n, 2);
    for (int i = 0; i < n; i++)
        s += x[i] * w[i];
    return s;
}

typedef struct Vec {
    double *v;
    int n;
} Vec;

static void square_all(Vec *s)
{
    for (int i = 0; i < s->n; i++)
        s->v[i] = s->v[i] * s->v[i];
}

double squash(Vec *s)
{
    square_all(s);
    double e = 0;
    for (int i = 0; i < s->n; i++)
        e += s->v[i] * s->v[i];
    return e;
}

typedef struct Net {
    int n;
    double *w;      /* n weights */
    double *output; /* n activations, rewritten by every run */
} Net;

static void activate(const Net *net, const double *in)
{
    for (int i = 0; i < net->n; i++)
        net->output[i] = tanh(net->w[i] * in[i]);
}

static const double *run(const Net *net, const double *in)
{
    activate(net, in);
    return net->output;
}

double layers(const Net *net, const double *in)
{
    double e = 0;
    for (int pass = 1; pass <= 2; pass++) {
        const double *o = run(net, in);
        for (int i = 0; i < net->n; i++)
            e += pass * o[i] * o[i];
    }
    return e;
}

static void square_vals(Vec s)
{
    for (int i = 0; i < s.n; i++)
        s.v[i] = s.v[i] * s.v[i] + 0.1;
}

double byvalue(Vec s, const double *x)
{
    for (int i = 0; i < s.n; i++)
        s.v[i] = x[i];
    square_vals(s);
    double e = 0;
    for (int i = 0; i < s.n; i++)
        e += s.v[i] * s.v[i];
    square_vals(s);
    for (int i = 0; i < s.n; i++)
        e += s.v[i];
    return e;
}

typedef struct Work {
    int n;
    double *tmp;
} Work;

static void smooth(Work *w, const double *x)
{
    for (int i = 0; i < w->n; i++)
        w->tmp[i] = sin(x[i]) * w->tmp[i];
}

double workspace(Work *w, const double *x)
{
    w->tmp = malloc((size_t)w->n * sizeof(double));
    for (int i = 0; i < w->n; i++)
        w->tmp[i] = x[i];
    smooth(w, x);
    double s = 0;
    for (int i = 0; i < w->n; i++)
        s += w->tmp[i] * w->tmp[i];
    smooth(w, x);
    for (int i = 0; i < w->n; i++)
        s += w->tmp[i];
    free(w->tmp);
    w->tmp = NULL;
    return s;
}

#pragma ad grad(perm_sum) wrt(x[n])
#pragma ad hessian(perm_sum) wrt(x[n])
#pragma ad grad(weights) wrt(x[n])
#pragma ad grad(squash) wrt(s[1])
#pragma ad vjp(layers) wrt(net[1])
#pragma ad grad(workspace) wrt(w[1], x[w->n])
#pragma ad grad(byvalue) wrt(s, x[s.n])

#include "callee_final_state.ad.h"

static const double x0[N] = {0.3, -1.1, 0.8, 2.0, -0.4, 0.6};

static void fd_check(const char *label, double (*f)(const double *, int, void *), void *ctx, const double *g)
{
    double x[N], h = 1e-6;
    memcpy(x, x0, sizeof x);
    for (int i = 0; i < N; i++) {
        double t = x[i];
        x[i] = t + h;
        double fp = f(x, N, ctx);
        x[i] = t - h;
        double fm = f(x, N, ctx);
        x[i] = t;
        CHECK_CLOSE(label, g[i], (fp - fm) / (2 * h), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
}

static double perm_fd(const double *x, int n, void *ctx) { return perm_sum(x, n, ctx); }
static double weights_fd(const double *x, int n, void *ctx) { return weights(x, n, ctx); }

static void check_perm(void)
{
    int p1[N], p2[N] = {0};
    double g[N];
    double want = perm_sum(x0, N, p1);
    CHECK_CLOSE("perm_sum value", perm_sum_grad(x0, g, N, p2), want, 0, 0);
    CHECK_TRUE("perm as the primal leaves it", memcmp(p1, p2, sizeof p1) == 0);
    fd_check("perm_sum grad vs fd", perm_fd, p2, g);
    /* the Hessian through the helper's logged restores (an int array the
    ** tape gives back carries no derivative), against differences of the
    ** gradient */
    double H[N * N], x[N], gp[N], gm[N], h = 1e-6;
    int p3[N];
    CHECK_CLOSE("perm_sum hessian value", perm_sum_hessian(x0, N, p3, H), want, 0, 0);
    CHECK_TRUE("perm as the primal leaves it (hessian)", memcmp(p1, p3, sizeof p1) == 0);
    memcpy(x, x0, sizeof x);
    for (int j = 0; j < N; j++) {
        double t = x[j];
        x[j] = t + h;
        perm_sum_grad(x, gp, N, p3);
        x[j] = t - h;
        perm_sum_grad(x, gm, N, p3);
        x[j] = t;
        for (int i = 0; i < N; i++)
            CHECK_CLOSE("perm_sum hessian vs fd of grad", H[i * N + j], (gp[i] - gm[i]) / (2 * h), ORACLE_RTOL_FD,
                        ORACLE_ATOL_FD);
    }
}

static void check_weights(void)
{
    double w1[N], w2[N] = {0}, g[N];
    double want = weights(x0, N, w1);
    CHECK_CLOSE("weights value", weights_grad(x0, g, N, w2), want, 0, 0);
    CHECK_TRUE("w as the primal leaves it", memcmp(w1, w2, sizeof w1) == 0);
    fd_check("weights grad vs fd", weights_fd, w2, g);
}

static void check_squash(void)
{
    double d1[N], d2[N], d2_bar[N] = {0};
    memcpy(d1, x0, sizeof d1);
    memcpy(d2, x0, sizeof d2);
    Vec s1 = {d1, N}, s2 = {d2, N}, s2_bar = {d2_bar, N};
    double want = squash(&s1);
    CHECK_CLOSE("squash value", squash_grad(&s2, &s2_bar), want, 0, 0);
    CHECK_TRUE("s->v as the primal leaves it", memcmp(d1, d2, sizeof d1) == 0);
    for (int i = 0; i < N; i++) /* e = sum v^4: de/dv = 4 v^3 */
        CHECK_CLOSE("squash grad", d2_bar[i], 4 * pow(x0[i], 3), ORACLE_RTOL_EXACT, 0);
}

static double layers_at(const double *w, const double *in)
{
    double wc[N], out[N];
    memcpy(wc, w, sizeof wc);
    Net net = {N, wc, out};
    return layers(&net, in);
}

static void check_layers(void)
{
    double in[N] = {0.5, -0.2, 0.9, 0.1, -0.7, 0.3};
    double w1[N], o1[N], w2[N], o2[N] = {0}, w_bar[N] = {0}, o_bar[N] = {0};
    memcpy(w1, x0, sizeof w1);
    memcpy(w2, x0, sizeof w2);
    Net n1 = {N, w1, o1}, n2 = {N, w2, o2}, n_bar = {0, w_bar, o_bar};
    double want = layers(&n1, in);
    CHECK_CLOSE("layers value", layers_vjp(&n2, &n_bar, in, 1.0), want, 0, 0);
    CHECK_TRUE("net->output as the primal leaves it", memcmp(o1, o2, sizeof o1) == 0);
    CHECK_TRUE("net->w untouched", memcmp(w2, x0, sizeof w2) == 0);
    double w[N], h = 1e-6;
    memcpy(w, x0, sizeof w);
    for (int i = 0; i < N; i++) {
        double t = w[i];
        w[i] = t + h;
        double fp = layers_at(w, in);
        w[i] = t - h;
        double fm = layers_at(w, in);
        w[i] = t;
        CHECK_CLOSE("layers vjp vs fd", w_bar[i], (fp - fm) / (2 * h), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
}

static double byvalue_fd(const double *x, int n, void *ctx)
{
    (void)ctx;
    double d[N];
    Vec s = {d, n};
    return byvalue(s, x);
}

static void check_byvalue(void)
{
    double d1[N], d2[N], d2_bar[N] = {0}, g[N];
    Vec s1 = {d1, N}, s2 = {d2, N}, s2_bar = {d2_bar, N};
    double want = byvalue(s1, x0);
    CHECK_CLOSE("byvalue value", byvalue_grad(s2, &s2_bar, x0, g), want, 0, 0);
    CHECK_TRUE("s.v as the primal leaves it", memcmp(d1, d2, sizeof d1) == 0);
    fd_check("byvalue grad vs fd", byvalue_fd, NULL, g);
}

static double workspace_fd(const double *x, int n, void *ctx)
{
    (void)ctx;
    Work w = {n, NULL};
    return workspace(&w, x);
}

static void check_workspace(void)
{
    Work w = {N, NULL}, w_bar = {0, NULL};
    double g[N];
    CHECK_CLOSE("workspace value", workspace_grad(&w, &w_bar, x0, g), workspace_fd(x0, N, NULL), 0, 0);
    CHECK_TRUE("w->tmp as the primal leaves it", w.tmp == NULL && w.n == N);
    fd_check("workspace grad vs fd", workspace_fd, NULL, g);
}

int main(void)
{
    check_perm();
    check_workspace();
    check_byvalue();
    check_weights();
    check_squash();
    check_layers();
    CHECK_TRUE("tapes empty", ccad_tape_empty());
    return oracle_result();
}
