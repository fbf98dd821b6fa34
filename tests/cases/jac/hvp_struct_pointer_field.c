// EXPECT-WARNING: 'run_hvp': 'a' is a struct whose pointers lead to floating data
// EXPECT-WARNING: 'run2_hvp': 'a' is a struct whose pointers lead to floating data
// EXPECT-WARNING: 'grad' zeroes the floating fields of '*a_bar'
/*
** jac/hvp_struct_pointer_field: hvp of a function with a struct input
** whose pointer field leads to floating data (genann's ann->output, read
** back across layers), by pointer (run, wrt(a[1])) and by value (run2,
** wrt(a)). hvp forms no matrix, so it is generated like
** jvp(run_grad) wrt(w, a) out(w_bar, a_bar): the direction a_v, the result
** a_hv and the gradient the sweep works in, a_bar (an extra parameter:
** only the caller knows the sizes behind the pointers), are structs of
** a's type whose pointers the caller sets; a_hv's and a_bar's storage
** zeroed before the call, a_v's holding the direction (the tangents of
** what run writes there are stored in it). Before, hvp was refused with
** jacfwd's message about the matrix.
** Oracles: central differences of run_grad (w_bar and a_bar->out) in the
** inputs (w and a->out on entry) along the direction; a_bar must hold
** run_grad's gradient, a->out what run leaves there.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Ann { int n; double *out; } Ann;

double run(const double *w, Ann *a)
{
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < a->n; i++)
            a->out[i] = tanh(w[i] * a->out[(i + 1) % a->n] + 0.2 * w[(i + k) % a->n]);
    double s = 0.0;
    for (int i = 0; i < a->n; i++)
        s += a->out[i] * a->out[i];
    return s;
}

double run2(const double *w, Ann a)
{
    double s = 0.0;
    for (int i = 0; i < a.n; i++)
        a.out[i] = sin(w[i] * a.out[i]);
    for (int i = 0; i < a.n; i++)
        s += a.out[i] * a.out[(i + 1) % a.n] * w[i];
    return s;
}

#pragma ad grad(run) wrt(w[a->n], a[1])
#pragma ad hvp(run) wrt(w[a->n], a[1])
#pragma ad grad(run2) wrt(w[a.n], a)
#pragma ad hvp(run2) wrt(w[a.n], a)

#include "hvp_struct_pointer_field.ad.h"

enum { N = 4 };
static const double W0[N] = {0.4, -0.7, 1.1, 0.3}, OUT0[N] = {0.2, -0.1, 0.5, 0.8};
static const double WV[N] = {1.0, -0.5, 0.25, 0.75}, OV[N] = {-0.3, 0.6, 1.0, 0.2};

/* in = (w, a->out on entry); y = (w_bar, a_bar->out) */
static void grad_of(void *ctx, const double *in, double *y)
{
    double out[N], ob[N] = {0};
    memcpy(out, in + N, sizeof out);
    Ann a = {N, out}, ab = {N, ob};
    if (ctx) run2_grad(in, y, a, &ab);
    else run_grad(in, y, &a, &ab);
    memcpy(y + N, ob, sizeof ob);
}

static void check(const char *name, int by_value)
{
    void *ctx = by_value ? (void *)1 : NULL;
    double w[N], out[N], vout[N], hout[N] = {0}, gout[N] = {0}, w_hv[N], res;
    memcpy(w, W0, sizeof w);
    memcpy(out, OUT0, sizeof out);
    memcpy(vout, OV, sizeof vout);
    Ann a = {N, out}, a_v = {N, vout}, a_hv = {N, hout}, a_bar = {N, gout};
    if (by_value) res = run2_hvp(w, WV, w_hv, a, &a_v, &a_hv, &a_bar);
    else res = run_hvp(w, WV, w_hv, &a, &a_v, &a_hv, &a_bar);

    double in[2 * N], dir[2 * N], fd[2 * N], g[2 * N], hv[2 * N], out_ref[N];
    memcpy(in, W0, sizeof W0);
    memcpy(in + N, OUT0, sizeof OUT0);
    memcpy(dir, WV, sizeof WV);
    memcpy(dir + N, OV, sizeof OV);
    oracle_fd_jvp(grad_of, ctx, 2 * N, 2 * N, in, dir, fd);
    memcpy(hv, w_hv, sizeof w_hv);
    memcpy(hv + N, hout, sizeof hout);
    CHECK_VEC_CLOSE(name, hv, fd, 2 * N, 1e-6, 1e-8);

    grad_of(ctx, in, g);
    CHECK_VEC_CLOSE("a_bar holds the gradient", gout, g + N, N, 1e-14, 1e-15);
    memcpy(out_ref, OUT0, sizeof out_ref);
    Ann r = {N, out_ref};
    double want = by_value ? run2(W0, r) : run(W0, &r);
    CHECK_CLOSE("the value", res, want, 1e-14, 1e-15);
    CHECK_VEC_CLOSE("a->out as the primal leaves it", out, out_ref, N, 1e-14, 1e-15);
}

int main(void)
{
    check("run_hvp vs central differences of run_grad", 0);
    check("run2_hvp vs central differences of run2_grad", 1);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
