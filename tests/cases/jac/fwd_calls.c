/*
** jac/fwd_calls: jacfwd through the other kinds of helper call that a
** vector sweep must carry for all its directions at once (n = 11, two
** sweeps of 8 directions):
**     rec(u, d)    recursion: d = 0 gives sin(u), else u rec(u/2, d - 1)
**     halve(q, x)  a struct passed by value, written in the helper
**                  (q.w *= 0.5): the caller's copy is unchanged
**     scal(a, b)   a scalar parameter overwritten (a = a b; a += exp(b))
**     blocks(s, x) a local array summed into s[0] through a pointer
**     sum1(n, v)   1-based indexing (--v), f2c style
**     cubes(x, n)  returns memory it allocates
** and a local struct with an initializer (P q = {x0, 3, NULL}). The struct
** makes the sweep keep each direction's derivatives apart (an array of 8
** pointers per pointer parameter), where the others keep them together.
** Oracles: central differences column by column (ORACLE_RTOL_FD, floor
** oracle_fd_atol(|y|_inf)) on the whole function, jacfwd = jacrev to
** rounding without halve (whose reverse-mode derivative is issue 10 item
** 2), y equals f's.
*/
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct P {
    double w;
    int k;
    double *buf;
} P;

static double rec(double u, int d)
{
    if (d == 0)
        return sin(u);
    return u * rec(u * 0.5, d - 1);
}

static double halve(P q, double x)
{
    q.w *= 0.5;
    return q.w * x * q.k;
}

static double scal(double a, double b)
{
    a = a * b;
    a += exp(b);
    return a;
}

/* 1-based, f2c style */
static double sum1(int n, const double *v)
{
    double s = 0.0;
    --v;
    for (int i = 1; i <= n; i++)
        s += v[i] * v[i] * i;
    return s;
}

static void blocks(double *s, const double *x, int n)
{
    double loc[4] = {0.0, 0.0, 0.0, 0.0};
    for (int i = 0; i < n; i++)
        loc[i % 4] += x[i];
    for (int i = 0; i < 4; i++)
        *s += loc[i] * loc[i];
}

/* returns memory it allocates */
static double *cubes(const double *x, int n)
{
    double *t = malloc((size_t)n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = x[i] * x[i] * x[i];
    return t;
}

void f(const double *x, double *y, int n, int with_halve)
{
    P q = {x[0], 3, NULL};
    for (int i = 0; i < n; i++) {
        y[i] = rec(x[i], 3) + scal(x[i], x[(i + 2) % n]);
        if (with_halve)
            y[i] += halve(q, x[(i + 1) % n]);
    }
    blocks(&y[0], x, n);
    y[1] += sum1(n, x);
    double *t = cubes(x, n);
    y[2] += t[n - 1];
    free(t);
}

#pragma ad jacfwd(f) wrt(x[n]) out(y[n])
#pragma ad jacrev(f) wrt(x[n]) out(y[n])

#include "fwd_calls.ad.h"

#define N 11

static void f_flat(void *ctx, const double *x, double *y)
{
    f(x, y, N, *(const int *)ctx);
}

int main(void)
{
    double x[N], y0[N], y[N], jf[N * N], jr[N * N], fd[N * N], e[N], col[N];
    OracleRng rng = oracle_rng(13);
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    for (int h = 0; h <= 1; h++) {
        f(x, y0, N, h);
        for (int j = 0; j < N; j++) {
            for (int k = 0; k < N; k++)
                e[k] = k == j;
            oracle_fd_jvp(f_flat, &h, N, N, x, e, col);
            for (int i = 0; i < N; i++)
                fd[i * N + j] = col[i];
        }
        f_jacfwd(x, y, N, h, jf);
        CHECK_VEC_CLOSE(h ? "with halve: y is f's" : "y is f's", y, y0, N, ORACLE_RTOL_EXACT, 0.0);
        CHECK_VEC_CLOSE(h ? "with halve: jacfwd vs FD" : "jacfwd vs FD", jf, fd, N * N, ORACLE_RTOL_FD,
                        oracle_fd_atol(oracle_norm_inf(y0, N)));
        if (!h) {
            f_jacrev(x, y, N, h, jr);
            CHECK_VEC_CLOSE("jacfwd = jacrev", jf, jr, N * N, ORACLE_RTOL_EXACT, 1e-14);
        }
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
