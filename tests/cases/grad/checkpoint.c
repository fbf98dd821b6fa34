/*
** grad/checkpoint: `#pragma ad checkpoint` loops recomputed from snapshots.
** Each function exists twice, with and without the pragma (same body): the
** checkpointed gradient must equal the fully taped one bit for bit (the same
** operations run on the same values), for 0, 1, K, K+1 and many iterations;
** the iterations run again must be revolve's optimal count
** (ccad_binomial_extra_steps), and the tape must stay small. Shapes: an
** explicit Euler time loop over malloc'd state calling a helper, a while
** loop whose length depends on the data and which break leaves, a
** checkpointed loop inside a helper called twice, and checkpoints nested.
** Gradients also against central differences.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

static void step(double *x, double *v, const double *k, int n, double dt)
{
    for (int i = 0; i < n; i++) {
        double left = x[i > 0 ? i - 1 : n - 1], right = x[i < n - 1 ? i + 1 : 0];
        double a = -k[i] * sin(x[i]) + 0.1 * (left - 2.0 * x[i] + right);
        v[i] += dt * a;
    }
    for (int i = 0; i < n; i++)
        x[i] += dt * v[i];
}


double simulate(const double *x0, const double *k, int n, int steps, double dt)
{
    double *x = malloc((size_t)n * sizeof *x);
    double *v = malloc((size_t)n * sizeof *v);
    memcpy(x, x0, (size_t)n * sizeof *x);
    memset(v, 0, (size_t)n * sizeof *v);
#pragma ad checkpoint(snapshots=3)
    for (int t = 0; t < steps; t++)
        step(x, v, k, n, dt);
    double e = 0;
    for (int i = 0; i < n; i++)
        e += 0.5 * v[i] * v[i] + x[i] * x[i];
    free(x);
    free(v);
    return e;
}

double simulate_taped(const double *x0, const double *k, int n, int steps, double dt)
{
    double *x = malloc((size_t)n * sizeof *x);
    double *v = malloc((size_t)n * sizeof *v);
    memcpy(x, x0, (size_t)n * sizeof *x);
    memset(v, 0, (size_t)n * sizeof *v);
    for (int t = 0; t < steps; t++)
        step(x, v, k, n, dt);
    double e = 0;
    for (int i = 0; i < n; i++)
        e += 0.5 * v[i] * v[i] + x[i] * x[i];
    free(x);
    free(v);
    return e;
}

/* Newton-like iteration until a tolerance or an iteration cap: unknown length, left by break. */
double settle(const double *p, int n, double tol)
{
    double s = p[0], acc = 0.0;
    int it = 0;
#pragma ad checkpoint(snapshots=2)
    while (it < 1000) {
        double d = 0.0;
        for (int i = 0; i < n; i++)
            d += p[i] * cos(s + i);
        s = s - 0.3 * (s - 0.5 * d);
        acc += s * s;
        if (fabs(s - 0.5 * d) < tol)
            break;
        it++;
    }
    return acc + s;
}

double settle_taped(const double *p, int n, double tol)
{
    double s = p[0], acc = 0.0;
    int it = 0;
    while (it < 1000) {
        double d = 0.0;
        for (int i = 0; i < n; i++)
            d += p[i] * cos(s + i);
        s = s - 0.3 * (s - 0.5 * d);
        acc += s * s;
        if (fabs(s - 0.5 * d) < tol)
            break;
        it++;
    }
    return acc + s;
}

/* a counted loop left by break */
double first_over(const double *p, int n, double lim)
{
    double s = 0.0, q = 1.0;
#pragma ad checkpoint(snapshots=3)
    for (int i = 0; i < 200; i++) {
        q = q * (1.0 + 0.1 * sin(p[i % n] * i));
        s += q * p[(i + 1) % n];
        if (s > lim)
            break;
    }
    return s * q;
}

double first_over_taped(const double *p, int n, double lim)
{
    double s = 0.0, q = 1.0;
    for (int i = 0; i < 200; i++) {
        q = q * (1.0 + 0.1 * sin(p[i % n] * i));
        s += q * p[(i + 1) % n];
        if (s > lim)
            break;
    }
    return s * q;
}

/* a helper with a checkpointed loop, called twice; the outer loop is checkpointed too */
static double decay(double *u, int m, double r)
{
    double sum = 0.0;
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < 7; t++) {
        for (int i = 0; i < m; i++)
            u[i] = u[i] * r + sin(u[(i + 1) % m]);
        sum += u[0];
    }
    return sum;
}

double twice(const double *x, int n)
{
    double u[4];
    for (int i = 0; i < 4; i++)
        u[i] = x[i % n];
    double s = decay(u, 4, 0.9);
    double total = 0.0;
#pragma ad checkpoint(snapshots=2)
    for (int j = 0; j < 5; j++) {
        double w = 0.0;
#pragma ad checkpoint
        for (int i = 0; i < 3; i++)
            w += sin(u[i] * (j + 1) + w);
        u[3] = u[3] * 0.5 + w;
        total += w * w;
    }
    return s + total + decay(u, 4, 0.8);
}

#pragma ad grad(simulate) wrt(x0[n], k[n])
#pragma ad grad(simulate_taped) wrt(x0[n], k[n])
#pragma ad grad(settle) wrt(p[n])
#pragma ad grad(settle_taped) wrt(p[n])
#pragma ad grad(twice) wrt(x[n])
#pragma ad grad(first_over) wrt(p[n])
#pragma ad grad(first_over_taped) wrt(p[n])

#include "checkpoint.ad.h"

enum { N = 6 };

typedef struct { int steps; } Ctx;

static void f_sim(void *c, const double *in, double *out)
{
    out[0] = simulate(in, in + N, N, ((Ctx *)c)->steps, 0.05);
}

static void f_settle(void *c, const double *in, double *out)
{
    (void)c;
    out[0] = settle(in, N, 1e-9);
}

static void f_first_over(void *c, const double *in, double *out)
{
    (void)c;
    out[0] = first_over(in, N, 3.0);
}

static void f_twice(void *c, const double *in, double *out)
{
    (void)c;
    out[0] = twice(in, N);
}

int main(void)
{
    OracleRng r = oracle_rng(7);
    double in[2 * N], g[2 * N], gt[2 * N], fd[2 * N];
    oracle_fill_uniform(&r, in, N, -1.0, 1.0);
    oracle_fill_uniform(&r, in + N, N, 0.5, 2.0);
    int counts[] = {0, 1, 2, 3, 4, 37, 1000};
    for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
        int steps = counts[c];
        ccad_checkpoint_reset_counts();
        ccad_tape_reset_peak();
        double y = simulate_grad(in, g, in + N, g + N, N, steps, 0.05);
        size_t peak = ccad_tape_peak_bytes();
        long again = ccad_checkpoint_recomputations();
        ccad_tape_reset_peak();
        double yt = simulate_taped_grad(in, gt, in + N, gt + N, N, steps, 0.05);
        size_t peak_taped = ccad_tape_peak_bytes();
        char label[64];
        snprintf(label, sizeof label, "euler steps=%d value", steps);
        CHECK_TRUE(label, y == yt);
        snprintf(label, sizeof label, "euler steps=%d gradient", steps);
        CHECK_TRUE(label, memcmp(g, gt, sizeof g) == 0);
        snprintf(label, sizeof label, "euler steps=%d recomputations", steps);
        /* revolve up to its first turn runs in the forward sweep, plus the last iteration for the result */
        CHECK_EQ_INT(label, again, steps < 1 ? 0 : ccad_binomial_extra_steps(steps, 3) + 1);
        CHECK_EQ_INT("steps reversed", ccad_checkpoint_steps(), steps);
        if (steps == 1000) {
            printf("tape peak: checkpointed %zu bytes, taped %zu bytes\n", peak, peak_taped);
            CHECK_TRUE("checkpointed tape under 4 states", peak < 4 * 2 * N * sizeof(double) * 8);
            CHECK_TRUE("taped tape grows with the steps", peak_taped > 1000 * 2 * N * sizeof(double));
        }
        if (steps == 37) {
            Ctx ctx = {steps};
            oracle_fd_grad(f_sim, &ctx, 2 * N, in, fd);
            CHECK_VEC_CLOSE("euler steps=37 vs differences", g, fd, 2 * N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        }
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }

    double p[N], gp[N], gpt[N], fdp[N];
    oracle_fill_uniform(&r, p, N, 0.1, 0.4);
    ccad_checkpoint_reset_counts();
    double ys = settle_grad(p, gp, N, 1e-9);
    double yst = settle_taped_grad(p, gpt, N, 1e-9);
    printf("settle: %ld iterations reversed\n", ccad_checkpoint_steps());
    CHECK_TRUE("settle ran a while", ccad_checkpoint_steps() > 5 && ccad_checkpoint_steps() < 1000);
    long l = ccad_checkpoint_steps();
    CHECK_EQ_INT("settle: untaped iterations (counted: revolve's + one run)", ccad_checkpoint_recomputations(),
                 ccad_binomial_extra_steps(l, 2) + l);
    CHECK_TRUE("settle value", ys == yst);
    CHECK_TRUE("settle gradient bitwise", memcmp(gp, gpt, sizeof gp) == 0);
    oracle_fd_grad(f_settle, NULL, N, p, fdp);
    CHECK_VEC_CLOSE("settle vs differences", gp, fdp, N, 1e-5, 1e-7);

    double gb[N], gbt[N], fdb[N];
    ccad_checkpoint_reset_counts();
    double yb = first_over_grad(p, gb, N, 3.0);
    double ybt = first_over_taped_grad(p, gbt, N, 3.0);
    printf("first_over: %ld iterations\n", ccad_checkpoint_steps());
    CHECK_TRUE("break: left early", ccad_checkpoint_steps() > 3 && ccad_checkpoint_steps() < 200);
    CHECK_TRUE("break: value", yb == ybt);
    CHECK_TRUE("break: gradient bitwise", memcmp(gb, gbt, sizeof gb) == 0);
    oracle_fd_grad(f_first_over, NULL, N, p, fdb);
    CHECK_VEC_CLOSE("break vs differences", gb, fdb, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    double x[N], gx[N], fdx[N];
    oracle_fill_uniform(&r, x, N, -1.0, 1.0);
    double yw = twice_grad(x, gx, N);
    CHECK_CLOSE("twice value", yw, twice(x, N), ORACLE_RTOL_EXACT, 0);
    oracle_fd_grad(f_twice, NULL, N, x, fdx);
    CHECK_VEC_CLOSE("twice vs differences", gx, fdx, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_TRUE("tape empty at the end", ccad_tape_empty());
    return oracle_result();
}
