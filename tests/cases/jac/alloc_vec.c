/*
** jac/alloc_vec: the allocating helpers of issue 10 item 5 in the shape
** the issue shows (Vec *v = vec_new(n); vec_square(v, x, n);), plus a
** helper that allocates and fills the memory with values of the inputs
** itself (vec_from), called in a loop and into a struct field, every
** allocation freed by vec_free. Each mode's derivative of an allocating
** helper returns the shadow with the pointer and frees it with it (under
** the sanitizer build: no leak, no double free, also in hvp, whose
** g_bwd frees the tangents of the shadows its g_fwd allocated).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*), jacfwd against grad, hvp against differences of grad.
*/
#include <math.h>
#include <stdlib.h>
#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct Vec { int n; double *v; } Vec;
typedef struct Pair { Vec *a; Vec *b; } Pair;

static Vec *vec_new(int n) { Vec *v = malloc(sizeof *v); v->n = n; v->v = calloc((size_t)n, sizeof(double)); return v; }
static void vec_free(Vec *v) { free(v->v); free(v); }
static void vec_square(Vec *v, const double *x, int n) { for (int i = 0; i < n; i++) v->v[i] = x[i] * x[i]; }
/* allocates and fills with active data itself */
static Vec *vec_from(const double *x, int n) { Vec *v = vec_new(n); for (int i = 0; i < n; i++) v->v[i] = sin(x[i]); return v; }

double f(const double *x, int n)
{
    Vec *v = vec_new(n);
    vec_square(v, x, n);
    Pair p;
    p.a = vec_from(x, n);
    p.b = v;
    double s = 0;
    for (int k = 0; k < 3; k++) {
        Vec *t = vec_from(p.a->v, n);   /* in a loop */
        for (int i = 0; i < n; i++) s += t->v[i] * p.b->v[(i + k) % n];
        vec_free(t);
    }
    vec_free(p.a);
    vec_free(v);
    return s;
}
#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#pragma ad jacfwd(f) wrt(x[n])
#pragma ad hvp(f) wrt(x[n])

#include "alloc_vec.ad.h"

enum { N = 5 };

ORACLE_XN_WRAPPERS(f, N)

int main(void)
{
    OracleRng rng = oracle_rng(3);
    ORACLE_XN_CHECKS(f, N, rng);
    double x[N], g[N], jf[N], v[N], hv[N];
    oracle_fill_uniform(&rng, x, N, -1, 1);
    oracle_fill_uniform(&rng, v, N, -1, 1);
    double y = f_grad(x, g, N);
    CHECK_CLOSE("jacfwd primal", f_jacfwd(x, N, jf), y, 1e-13, 0);
    CHECK_VEC_CLOSE("jacfwd = grad", jf, g, N, 1e-12, 1e-14);
    CHECK_CLOSE("hvp primal", f_hvp(x, v, hv, N), y, 1e-13, 0);
    /* central differences of the gradient along v */
    double xp[N], xm[N], gp[N], gm[N], fd[N], h = oracle_fd_step(1.0, DBL_EPSILON);
    for (int i = 0; i < N; i++) {
        xp[i] = x[i] + h * v[i];
        xm[i] = x[i] - h * v[i];
    }
    f_grad(xp, gp, N);
    f_grad(xm, gm, N);
    for (int i = 0; i < N; i++)
        fd[i] = (gp[i] - gm[i]) / (2 * h);
    CHECK_VEC_CLOSE("hvp vs FD of grad", hv, fd, N, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(g, N)));
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
