/*
** jac/fwd_resize: jacfwd through a helper that (re)allocates a buffer only
** when the size changes, the way a reusable work vector is written:
**     vec_resize(v, n): if (v->n != n) { free(v->data); v->data = malloc(..); v->n = n; }
**     vec_fill(v, x, n): vec_resize(v, n); v->data[i] = sin(x_i) x_i
**     y_i = v.data[i] * x_{i+1 mod n} + v.data[i]^2         (n = 9)
** f keeps the vector in a local struct and frees it at the end. The helper
** must allocate one derivative buffer per direction: run once per
** direction, only the first run sees a changed size (the others get no
** derivative buffer). Oracles: the closed form (ORACLE_RTOL_EXACT), central
** differences (ORACLE_RTOL_FD), jacfwd = jacrev, y equals f's. (Run under
** the CCAD_SANITIZE build, this also checks that every buffer is freed.)
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct Vec {
    int n;
    double *data;
} Vec;

static void vec_resize(Vec *v, int n)
{
    if (v->n != n) {
        free(v->data);
        v->data = malloc((size_t)n * sizeof *v->data);
        v->n = n;
    }
}

static void vec_fill(Vec *v, const double *x, int n)
{
    vec_resize(v, n);
    for (int i = 0; i < n; i++)
        v->data[i] = sin(x[i]) * x[i];
}

void f(const double *x, double *y, int n)
{
    Vec v;
    v.n = 0;
    v.data = NULL;
    vec_fill(&v, x, n);
    for (int i = 0; i < n; i++)
        y[i] = v.data[i] * x[(i + 1) % n] + v.data[i] * v.data[i];
    free(v.data);
}

#pragma ad jacfwd(f) wrt(x[n]) out(y[n])
#pragma ad jacrev(f) wrt(x[n]) out(y[n])

#include "fwd_resize.ad.h"

#define N 9

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    f(x, y, N);
}

int main(void)
{
    double x[N], y0[N], y[N], jf[N * N], jr[N * N], want[N * N], fd[N * N], e[N], col[N];
    OracleRng rng = oracle_rng(9);
    oracle_fill_uniform(&rng, x, N, -2.0, 2.0);
    f(x, y0, N);

    memset(want, 0, sizeof want);
    for (int i = 0; i < N; i++) {
        int a = (i + 1) % N;
        double d = sin(x[i]) * x[i], dd = cos(x[i]) * x[i] + sin(x[i]);
        want[i * N + i] += dd * x[a] + 2.0 * d * dd;
        want[i * N + a] += d;
    }
    for (int j = 0; j < N; j++) {
        for (int k = 0; k < N; k++)
            e[k] = k == j;
        oracle_fd_jvp(f_flat, NULL, N, N, x, e, col);
        for (int i = 0; i < N; i++)
            fd[i * N + j] = col[i];
    }

    f_jacfwd(x, y, N, jf);
    CHECK_VEC_CLOSE("f_jacfwd: y is f's", y, y0, N, 0.0, 0.0);
    f_jacrev(x, y, N, jr);
    CHECK_VEC_CLOSE("f_jacrev: y is f's", y, y0, N, 0.0, 0.0);
    CHECK_VEC_CLOSE("jacfwd closed form", jf, want, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("jacrev closed form", jr, want, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("jacfwd vs FD", jf, fd, N * N, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(y0, N)));
    CHECK_VEC_CLOSE("jacfwd = jacrev", jf, jr, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
