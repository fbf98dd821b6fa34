/*
** jac/inout: Jacobians through an in-out pointer (read and written):
**     step(acc, x, alpha, n)   acc_i <- acc_i^2 / 2 + alpha x_i + sin(acc_{i-1})
**                              (acc_{-1} read before it is overwritten: the
**                              new value of acc_i uses the OLD acc_{i-1})
**     wrt(acc[n], x[n], alpha) out(acc[n])
** The Jacobian maps the entry values of (acc, x, alpha) to the exit value of
** acc: jacfwd runs n+n+1 forward sweeps and jacrev n reverse sweeps, each of
** which overwrites acc, so the generated code must restore acc between
** sweeps. Checks: on return acc holds exactly the primal's final state (one
** application of step, not several); jacfwd = jacrev to rounding; both equal
** the closed form (ORACLE_RTOL_EXACT) and central differences of the map
** (acc0, x, alpha) -> acc (ORACLE_RTOL_FD). Also a second function whose
** in-out buffer is the only argument (normalize, jacrev and jacfwd).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

void step(double *acc, const double *x, double alpha, int n)
{
    double prev = 0.0;
    for (int i = 0; i < n; i++) {
        double old = acc[i];
        acc[i] = old * old * 0.5 + alpha * x[i] + sin(prev);
        prev = old;
    }
}

void normalize(double *v, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    s = sqrt(s);
    for (int i = 0; i < n; i++)
        v[i] /= s;
}

#pragma ad jacfwd(step) wrt(acc[n], x[n], alpha) out(acc[n])
#pragma ad jacrev(step) wrt(acc[n], x[n], alpha) out(acc[n])
#pragma ad jacfwd(normalize) wrt(v[n]) out(v[n])
#pragma ad jacrev(normalize) wrt(v[n]) out(v[n])

#include "inout.ad.h"

#define N 4
#define NIN (2 * N + 1)

static void step_flat(void *ctx, const double *in, double *out)
{
    (void)ctx;
    memcpy(out, in, N * sizeof *out);
    step(out, in + N, in[2 * N], N);
}

static void normalize_flat(void *ctx, const double *in, double *out)
{
    (void)ctx;
    memcpy(out, in, N * sizeof *out);
    normalize(out, N);
}

static void fd_jac(oracle_fn f, int nin, int nout, const double *in, double *jac)
{
    double e[NIN], col[N];
    for (int j = 0; j < nin; j++) {
        for (int k = 0; k < nin; k++)
            e[k] = k == j;
        oracle_fd_jvp(f, NULL, nin, nout, in, e, col);
        for (int i = 0; i < nout; i++)
            jac[i * nin + j] = col[i];
    }
}

int main(void)
{
    const double acc0[N] = {0.5, -1.0, 1.5, 0.25};
    const double x[N] = {0.3, 0.6, -0.9, 1.2};
    const double alpha = 0.8;
    double in[NIN], final[N], acc[N], jf[N * NIN], jr[N * NIN], want[N * NIN], fd[N * NIN];
    memcpy(in, acc0, sizeof acc0);
    memcpy(in + N, x, sizeof x);
    in[2 * N] = alpha;
    step_flat(NULL, in, final);

    /* closed form: d acc_i / d acc0_i = acc0_i, d / d acc0_{i-1} = cos(acc0_{i-1}),
    ** d / d x_i = alpha, d / d alpha = x_i */
    memset(want, 0, sizeof want);
    for (int i = 0; i < N; i++) {
        want[i * NIN + i] = acc0[i];
        if (i > 0)
            want[i * NIN + i - 1] = cos(acc0[i - 1]);
        want[i * NIN + N + i] = alpha;
        want[i * NIN + 2 * N] = x[i];
    }
    fd_jac(step_flat, NIN, N, in, fd);

    memcpy(acc, acc0, sizeof acc);
    step_jacfwd(acc, x, alpha, N, jf);
    CHECK_VEC_CLOSE("step_jacfwd: acc holds the primal's final state", acc, final, N, 0.0, 0.0);
    memcpy(acc, acc0, sizeof acc);
    step_jacrev(acc, x, alpha, N, jr);
    CHECK_VEC_CLOSE("step_jacrev: acc holds the primal's final state", acc, final, N, 0.0, 0.0);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    CHECK_VEC_CLOSE("step_jacfwd closed form", jf, want, N * NIN, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("step_jacrev closed form", jr, want, N * NIN, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("step_jacfwd vs FD", jf, fd, N * NIN, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(final, N)));
    CHECK_VEC_CLOSE("step_jacrev vs FD", jr, fd, N * NIN, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(final, N)));

    /* normalize: closed form (I - u u^T) / |v| */
    double v[N], u[N], s = 0.0, nf[N * N], nr[N * N], nw[N * N], nfd[N * N];
    for (int i = 0; i < N; i++)
        s += acc0[i] * acc0[i];
    s = sqrt(s);
    for (int i = 0; i < N; i++)
        u[i] = acc0[i] / s;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            nw[i * N + j] = ((i == j) - u[i] * u[j]) / s;
    fd_jac(normalize_flat, N, N, acc0, nfd);
    memcpy(v, acc0, sizeof v);
    normalize_jacfwd(v, N, nf);
    CHECK_VEC_CLOSE("normalize_jacfwd: v is the normalized input", v, u, N, ORACLE_RTOL_EXACT, 0.0);
    memcpy(v, acc0, sizeof v);
    normalize_jacrev(v, N, nr);
    CHECK_VEC_CLOSE("normalize_jacrev: v is the normalized input", v, u, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("normalize_jacfwd closed form", nf, nw, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("normalize_jacrev closed form", nr, nw, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("normalize_jacrev vs FD", nr, nfd, N * N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
