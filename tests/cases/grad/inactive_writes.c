/*
** grad/inactive_writes: functions that carry no derivative (inactive) but
** store through pointers, called again in every iteration: a dropout mask
** drawn into an array (a field of a local struct), indices drawn into a malloc'd int buffer, and
** noise into a work array the caller passes (sized in the request). The
** backward sweep reads those values (the mask's branches and factors, the
** indices into x), which the next call overwrites; cc-ad saved nothing, so
** every iteration's backward code read the last call's values: a silently
** wrong gradient. The memory such a call stores into (an array, a struct's
** array field, a malloc'd buffer, a sized parameter) is now saved before
** it and put back after its backward code; the calls still run once each.
** Oracles: central differences (ORACLE_RTOL_FD) at a fixed seed (the draws
** are the same in every evaluation), the dot-product test of vjp with jvp
** (1e-12), the call counters, and hessian against differences of grad.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

int ncalls;

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffffu;
}

void noise(double *buf, int n, unsigned *seed)
{
    ncalls++;
    for (int i = 0; i < n; i++)
        buf[i] = (double)lcg(seed) / 65536.0 - 0.5;
}

void draw_index(int *idx, int n, unsigned *seed)
{
    ncalls++;
    for (int i = 0; i < n; i++)
        idx[i] = (int)(lcg(seed) % (unsigned)n);
}

#pragma ad inactive(noise)
#pragma ad inactive(draw_index)

double dropout(const double *x, int n, double *work, unsigned seed)
{
    struct { int tag; double mask[8]; } st;  /* the mask in a struct field */
    double s = 0.0;
    int *idx = malloc((size_t)n * sizeof *idx);
    for (int r = 0; r < 3; r++) {
        noise(st.mask, n, &seed);
        draw_index(idx, n, &seed);
        noise(work, n, &seed);
        for (int i = 0; i < n; i++)
            s += (st.mask[i] > 0 ? x[i] : 0.5 * x[i]) * x[idx[i]] * (1.0 + st.mask[i]) + work[i] * sin(x[i]);
    }
    free(idx);
    return s;
}

#pragma ad grad(dropout) wrt(x[n]) scratch(work[n])
#pragma ad vjp(dropout) wrt(x[n]) scratch(work[n])
#pragma ad jvp(dropout) wrt(x[n]) scratch(work[n])
#pragma ad hessian(dropout) wrt(x[n]) scratch(work[n])

#include "inactive_writes.ad.h"

enum { N = 6 };

static double f(const double *x)
{
    double w[N];
    return dropout(x, N, w, 42u);
}

int main(void)
{
    OracleRng r = oracle_rng(4343);
    double x[N], v[N], g[N], fd[N], xp[N], w[N], H[N * N], rd;
    oracle_fill_uniform(&r, x, N, -1.0, 1.0);
    oracle_fill_normal(&r, v, N);
    for (int j = 0; j < N; j++) {
        memcpy(xp, x, sizeof xp);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] = x[j] + h;
        double fp = f(xp);
        xp[j] = x[j] - h;
        fd[j] = (fp - f(xp)) / (2 * h);
    }
    ncalls = 0;
    CHECK_CLOSE("grad value", dropout_grad(x, g, N, w, 42u), f(x), 1e-15, 0);
    CHECK_TRUE("9 calls in grad (then 9 in f)", ncalls == 18);
    CHECK_VEC_CLOSE("grad vs fd", g, fd, N, ORACLE_RTOL_FD, oracle_fd_atol(f(x)));
    double xb[N] = {0};
    dropout_vjp(x, xb, N, w, 42u, 0.5);
    dropout_jvp(x, v, N, w, 42u, &rd);
    CHECK_CLOSE("<J v, 1/2> = <v, J^T 1/2>", 0.5 * rd, oracle_dot(xb, v, N), ORACLE_RTOL_DOT, 1e-14);
    dropout_hessian(x, N, w, 42u, H);
    for (int j = 0; j < N; j++) {
        double gp[N], gm[N], h = 1e-5, col[N], want[N];
        memcpy(xp, x, sizeof xp);
        xp[j] = x[j] + h;
        dropout_grad(xp, gp, N, w, 42u);
        xp[j] = x[j] - h;
        dropout_grad(xp, gm, N, w, 42u);
        for (int i = 0; i < N; i++) {
            col[i] = H[i * N + j];
            want[i] = (gp[i] - gm[i]) / (2 * h);
        }
        CHECK_VEC_CLOSE("hessian column vs differences of grad", col, want, N, 1e-5, 1e-7);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
