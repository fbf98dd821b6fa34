/*
** jac/jacrev_once: jacrev runs the forward sweep once and the backward
** sweep once per output over a marked tape (rewound between them), where
** what the backward sweep changes can be put back: f's outputs (copied
** back between sweeps), frames (local arrays of f and its helpers, primal
** and adjoint, restored by the rewind). The functions make each of those
** matter:
**   model(s, x, y, n)   y overwritten three times (its backward sweep
**                       restores y), a local array (a frame in the split
**                       function), a helper with a local array that it
**                       overwrites, a by-value input and the return value;
**   counted(x, y, n)    writes a global: each row is a whole vjp call;
**   relax(x, y, n)      a checkpointed loop: where its backward sweep
**                       recomputes forward (pushing on the tape), each row
**                       is a whole vjp call; else the tape is rewound.
** Oracle: jacfwd of the same function (an independent mode) to
** ORACLE_RTOL_EXACT with a floor of 1e-14 |J|, and central differences of
** f (ORACLE_RTOL_FD); y and the return value after jacrev are f's; the
** tape is empty after each call; a second call at another point is right
** too (nothing left from the first).
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

static void mix(const double *a, double *out)
{
    double t[3];
    for (int k = 0; k < 3; k++)
        t[k] = sin(a[k]) * a[(k + 1) % 3];
    for (int k = 0; k < 3; k++)
        t[k] = t[k] * t[(k + 2) % 3] + a[k];
    for (int k = 0; k < 3; k++)
        out[k] = t[k] * t[k];
}

double model(double s, const double *x, double *y, int n)
{
    double buf[3] = {0.0, 0.0, 0.0};
    for (int i = 0; i < n; i++)
        y[i] = x[i] * s;
    for (int pass = 0; pass < 3; pass++)
        for (int i = 0; i < n; i++)
            y[i] = sin(y[i]) * x[(i + pass) % n] + 0.1 * y[i] * y[i];
    mix(x, buf);
    y[0] = y[0] + buf[0] * buf[1];
    double r = 0.0;
    for (int i = 0; i < n; i++)
        r += y[i] * buf[2];
    return r * s;
}

double calls;

void counted(const double *x, double *y, int n)
{
    calls = calls + 1.0;
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[(i + 1) % n];
    for (int i = 0; i < n; i++)
        y[i] = exp(0.3 * y[i]);
}

void relax(const double *x, double *y, int n)
{
    double u[4] = {x[0], x[1], x[2], x[3]};
#pragma ad checkpoint
    for (int it = 0; it < 6; it++)
        for (int i = 0; i < 4; i++)
            u[i] = 0.5 * u[i] + 0.25 * sin(u[(i + 1) % 4]) * x[i % n];
    for (int i = 0; i < 4; i++)
        y[i] = u[i];
}

#pragma ad jacrev(model) wrt(s, x[n]) out(y[n], return)
#pragma ad jacfwd(model) wrt(s, x[n]) out(y[n], return) name(model_fwd)
#pragma ad jacrev(counted) wrt(x[n]) out(y[n])
#pragma ad jacfwd(counted) wrt(x[n]) out(y[n]) name(counted_fwd)
#pragma ad jacrev(relax) wrt(x[n]) out(y[4])
#pragma ad jacfwd(relax) wrt(x[n]) out(y[4]) name(relax_fwd)

#include "jacrev_once.ad.h"

#define N 6

static void model_flat(void *ctx, const double *z, double *out)
{
    (void)ctx;
    out[N] = model(z[0], z + 1, out, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(21);
    for (int t = 0; t < 3; t++) {
        double z[N + 1], y[N], yf[N], want_y[N], J[(N + 1) * (N + 1)], Jf[(N + 1) * (N + 1)];
        char label[96];
        z[0] = oracle_uniform(&rng, 0.5, 1.5);
        oracle_fill_uniform(&rng, z + 1, N, -1.0, 1.0);
        double r = model_jacrev(z[0], z + 1, y, N, J);
        double rf = model_fwd(z[0], z + 1, yf, N, Jf);
        double want = model(z[0], z + 1, want_y, N);
        snprintf(label, sizeof label, "point %d model: jacrev = jacfwd", t);
        CHECK_VEC_CLOSE(label, J, Jf, (N + 1) * (N + 1), ORACLE_RTOL_EXACT,
                        1e-14 * oracle_norm_inf(Jf, (N + 1) * (N + 1)));
        CHECK_CLOSE("model_jacrev returns model", r, want, 0.0, 0.0);
        CHECK_CLOSE("model_fwd returns model", rf, want, 0.0, 0.0);
        CHECK_VEC_CLOSE("model_jacrev leaves f's y", y, want_y, N, 0.0, 0.0);
        CHECK_TRUE("tape empty", ccad_tape_empty());
        /* J against central differences, column by column */
        double v[N + 1], fd[N + 1], col[N + 1];
        for (int j = 0; j <= N; j++) {
            memset(v, 0, sizeof v);
            v[j] = 1.0;
            oracle_fd_jvp(model_flat, NULL, N + 1, N + 1, z, v, fd);
            for (int i = 0; i <= N; i++)
                col[i] = J[i * (N + 1) + j];
            snprintf(label, sizeof label, "point %d model column %d vs FD", t, j);
            CHECK_VEC_CLOSE(label, col, fd, N + 1, ORACLE_RTOL_FD, ORACLE_ATOL_FD * (1.0 + oracle_norm_inf(fd, N + 1)));
        }

        double x[N], Jc[N * N], Jcf[N * N];
        oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
        counted_jacrev(x, y, N, Jc);
        counted_fwd(x, yf, N, Jcf);
        snprintf(label, sizeof label, "point %d counted (writes a global): jacrev = jacfwd", t);
        CHECK_VEC_CLOSE(label, Jc, Jcf, N * N, ORACLE_RTOL_EXACT, 1e-14 * oracle_norm_inf(Jcf, N * N));
        CHECK_VEC_CLOSE("counted_jacrev leaves f's y", y, yf, N, 0.0, 0.0);

        double Jr[4 * N], Jrf[4 * N];
        relax_jacrev(x, y, N, Jr);
        relax_fwd(x, yf, N, Jrf);
        snprintf(label, sizeof label, "point %d relax (checkpointed loop): jacrev = jacfwd", t);
        CHECK_VEC_CLOSE(label, Jr, Jrf, 4 * N, ORACLE_RTOL_EXACT, 1e-14 * oracle_norm_inf(Jrf, 4 * N));
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    return oracle_result();
}
