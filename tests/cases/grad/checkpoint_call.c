/*
** grad/checkpoint_call: `#pragma ad checkpoint` before a statement that
** calls a function (call checkpointing): the call runs untaped in the forward
** sweep and again, taped, when the backward sweep reaches it. The tape of
** the expensive helper is then not kept through the rest of the forward
** sweep: the peak holds one helper's tape instead of three. Calls
** checkpointed as statements, as a declaration's initializer and as a
** return value, one inside a checkpointed loop (nesting), the caller's
** memory read again by the re-run after later statements overwrote it.
** Gradients equal the fully taped ones bit for bit, and central differences.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

enum { N = 64 };

/* a smoothing pass with a long tape: every sweep overwrites u */
static void smooth(double *u, const double *w, int sweeps)
{
    for (int s = 0; s < sweeps; s++)
        for (int i = 1; i < N - 1; i++)
            u[i] = u[i] + w[i] * sin(u[i - 1] - 2.0 * u[i] + u[i + 1]);
}

static double energy(const double *u)
{
    double e = 0.0;
    for (int i = 0; i < N; i++)
        e += u[i] * u[i];
    return e;
}

double relax(const double *x, const double *w)
{
    double u[N], v[N];
    memcpy(u, x, sizeof u);
#pragma ad checkpoint
    smooth(u, w, 20);
    memcpy(v, u, sizeof v);
#pragma ad checkpoint
    smooth(v, w, 20);
#pragma ad checkpoint
    double e = energy(v);
    for (int i = 0; i < N; i++)
        u[i] = 0.5 * u[i];  /* overwrites what the first call read */
    double total = 0.0;
#pragma ad checkpoint(snapshots=2)
    for (int k = 0; k < 3; k++) {
#pragma ad checkpoint
        smooth(u, w, 5);
        total += u[k];
    }
#pragma ad checkpoint
    return e + total + energy(u);
}

double relax_taped(const double *x, const double *w)
{
    double u[N], v[N];
    memcpy(u, x, sizeof u);
    smooth(u, w, 20);
    memcpy(v, u, sizeof v);
    smooth(v, w, 20);
    double e = energy(v);
    for (int i = 0; i < N; i++)
        u[i] = 0.5 * u[i];
    double total = 0.0;
    for (int k = 0; k < 3; k++) {
        smooth(u, w, 5);
        total += u[k];
    }
    return e + total + energy(u);
}

#pragma ad grad(relax) wrt(x[64], w[64])
#pragma ad grad(relax_taped) wrt(x[64], w[64])

#include "checkpoint_call.ad.h"

static void f_relax(void *c, const double *in, double *out)
{
    (void)c;
    out[0] = relax(in, in + N);
}

int main(void)
{
    OracleRng r = oracle_rng(11);
    double in[2 * N], g[2 * N], gt[2 * N], fd[2 * N];
    oracle_fill_uniform(&r, in, N, -1.0, 1.0);
    oracle_fill_uniform(&r, in + N, N, 0.0, 0.2);
    ccad_tape_reset_peak();
    double y = relax_grad(in, g, in + N, g + N);
    size_t peak = ccad_tape_peak_bytes();
    ccad_tape_reset_peak();
    double yt = relax_taped_grad(in, gt, in + N, gt + N);
    size_t peak_taped = ccad_tape_peak_bytes();
    printf("tape peak: checkpointed calls %zu bytes, taped %zu bytes\n", peak, peak_taped);
    CHECK_TRUE("value", y == yt);
    CHECK_TRUE("value is the primal's", y == relax(in, in + N));
    CHECK_TRUE("gradient bitwise", memcmp(g, gt, sizeof g) == 0);
    CHECK_TRUE("peak well under the taped one", 2 * peak < peak_taped);
    oracle_fd_grad(f_relax, NULL, 2 * N, in, fd);
    /* 45 nonlinear sweeps: differences lose a digit */
    CHECK_VEC_CLOSE("gradient vs differences", g, fd, 2 * N, 1e-5, 1e-7);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
