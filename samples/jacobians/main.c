/* main.c - samples/jacobians driver (seed 001):
 *   1. the 3 x 2 Jacobian of f at (1, 0.5) by jacfwd and jacrev: they agree
 *      with each other and with the closed form;
 *   2. the gradient of loss: R^10000 -> R by forward mode (loss_jacfwd,
 *      10000 sweeps) and reverse mode (loss_grad, loss_jacrev, one sweep):
 *      all equal the closed form, and the forward / reverse time ratio;
 *   3. the gradient of the data-dependent sin loop (jacrev) against central
 *      finite differences.
 * Exits 1 when a check fails. */
#define _POSIX_C_SOURCE 199309L /* clock_gettime under -std=c11 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "jacobians.h"
#include "jacobians.ad.h" /* written by cc-ad */

enum { N_LOSS = 10000, N_LOOP = 100 };

static const double MIN_TIME = 0.2; /* seconds per timing */

/* A 64-bit LCG (Knuth's MMIX constants) and Box-Muller: the same standard
 * normal numbers on every machine. */
static uint64_t lcg_state = 42;
static double uniform01(void)
{
    lcg_state = lcg_state * 6364136223846793005u + 1442695040888963407u;
    return (double)(lcg_state >> 11) * 0x1.0p-53;
}
static double normal(void)
{
    double u = 1.0 - uniform01(), v = uniform01();
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* max over i of |a_i - b_i| / max(1, |b_i|) */
static double max_rel_err(const double *a, const double *b, int n)
{
    double e = 0.0;
    for (int i = 0; i < n; i++)
        e = fmax(e, fabs(a[i] - b[i]) / fmax(1.0, fabs(b[i])));
    return e;
}

static int report(const char *what, double err, double tol)
{
    int ok = err <= tol;
    printf("  %-44s max rel.err %.1e  %s\n", what, err, ok ? "ok" : "FAIL");
    return ok;
}

/* ---------------------------------------------------------------- timing */
enum mode { JACFWD, JACREV, GRAD };
static volatile double sink;
/* seconds per call of the given derivative of loss, repeated >= MIN_TIME */
static double time_loss(enum mode m, const double *x_star, const double *x, double *g)
{
    double t0, dt, acc = 0.0;
    long reps = 1;
    for (;;) {
        t0 = now();
        for (long r = 0; r < reps; r++) {
            if (m == JACFWD)
                acc += loss_jacfwd(x_star, x, N_LOSS, g);
            else if (m == JACREV)
                acc += loss_jacrev(x_star, x, N_LOSS, g);
            else
                acc += loss_grad(x_star, x, g, N_LOSS);
            acc += g[r % N_LOSS];
        }
        dt = now() - t0;
        if (dt >= MIN_TIME)
            break;
        reps *= 2;
    }
    sink = acc;
    return dt / (double)reps;
}

int main(void)
{
    int ok = 1;

    /* ---- 1. f: R^2 -> R^3 */
    {
        const double x[2] = {1.0, 0.5};
        const double c2 = cos(2.0);
        const double want[6] = {2.0 * c2, 1.0 - 4.0 * c2, 2.0, -1.0, 3.0, 0.0};
        double y[3], jf[6], jr[6];
        f_jacfwd(x, y, jf);
        f_jacrev(x, y, jr);
        printf("f(x) = [sin(x0/x1) + x1^2, x0^2 - x1^2, x0^3] at x = (1, 0.5)\n");
        printf("  jacfwd(f)                     jacrev(f)\n");
        for (int i = 0; i < 3; i++)
            printf("  [% .7f % .7f]      [% .7f % .7f]\n", jf[2 * i], jf[2 * i + 1],
                   jr[2 * i], jr[2 * i + 1]);
        ok &= report("jacfwd = jacrev", max_rel_err(jf, jr, 6), 1e-14);
        ok &= report("jacfwd = closed form", max_rel_err(jf, want, 6), 1e-14);
    }

    /* ---- 2. loss: R^10000 -> R, forward vs reverse */
    {
        double *x_star = malloc(N_LOSS * sizeof *x_star), *x = malloc(N_LOSS * sizeof *x);
        double *gf = malloc(N_LOSS * sizeof *gf), *gr = malloc(N_LOSS * sizeof *gr);
        double *gg = malloc(N_LOSS * sizeof *gg), *gw = malloc(N_LOSS * sizeof *gw);
        if (!x_star || !x || !gf || !gr || !gg || !gw)
            return 2;
        for (int i = 0; i < N_LOSS; i++)
            x_star[i] = normal();
        for (int i = 0; i < N_LOSS; i++)
            x[i] = normal();
        /* closed form: cos(e^u) e^u x_star / sqrt(n), u = <x_star, x> / sqrt(n) */
        double dot = 0.0;
        for (int i = 0; i < N_LOSS; i++)
            dot += x_star[i] * x[i];
        double u = dot / sqrt((double)N_LOSS), c = cos(exp(u)) * exp(u) / sqrt((double)N_LOSS);
        for (int i = 0; i < N_LOSS; i++)
            gw[i] = c * x_star[i];

        double t_fwd = time_loss(JACFWD, x_star, x, gf);
        double t_rev = time_loss(JACREV, x_star, x, gr);
        double t_grad = time_loss(GRAD, x_star, x, gg);
        printf("\nloss(x) = sin(exp(<x_star, x> / sqrt(n))), n = %d, loss = %.15f\n", N_LOSS,
               loss(x_star, x, N_LOSS));
        printf("  jacfwd: [% .8f % .8f % .8f ... % .8f % .8f % .8f]\n", gf[0], gf[1], gf[2],
               gf[N_LOSS - 3], gf[N_LOSS - 2], gf[N_LOSS - 1]);
        printf("  grad:   [% .8f % .8f % .8f ... % .8f % .8f % .8f]\n", gg[0], gg[1], gg[2],
               gg[N_LOSS - 3], gg[N_LOSS - 2], gg[N_LOSS - 1]);
        ok &= report("jacfwd (forward, n sweeps) = closed form", max_rel_err(gf, gw, N_LOSS), 1e-12);
        ok &= report("jacrev (reverse, 1 sweep) = closed form", max_rel_err(gr, gw, N_LOSS), 1e-12);
        ok &= report("grad (reverse) = closed form", max_rel_err(gg, gw, N_LOSS), 1e-12);
        printf("  forward mode (loss_jacfwd) %12.3f ms\n", 1e3 * t_fwd);
        printf("  reverse mode (loss_jacrev) %12.3f ms\n", 1e3 * t_rev);
        printf("  reverse mode (loss_grad)   %12.3f ms\n", 1e3 * t_grad);
        printf("  forward / reverse (grad)   %12.0f times  (the seed: 83 with JAX)\n",
               t_fwd / t_grad);
        free(x_star);
        free(x);
        free(gf);
        free(gr);
        free(gg);
        free(gw);
    }

    /* ---- 3. the data-dependent sin loop */
    {
        double z[N_LOOP], J[N_LOOP], fd[N_LOOP], zp[N_LOOP];
        double m = -INFINITY;
        for (int i = 0; i < N_LOOP; i++) {
            z[i] = normal();
            m = fmax(m, z[i]);
        }
        double s = sinloop_jacrev(z, N_LOOP, J);
        printf("\nsinloop(z): z <- sin(z^2) applied (int)max(z) = %d times, then sum(z); n = %d\n",
               (int)m, N_LOOP);
        printf("  sinloop(z) = %.15f (sinloop_jacrev returns it: %s)\n", sinloop(z, N_LOOP),
               s == sinloop(z, N_LOOP) ? "yes" : "NO");
        ok &= s == sinloop(z, N_LOOP);
        for (int i = 0; i < N_LOOP; i++)
            zp[i] = z[i];
        for (int j = 0; j < N_LOOP; j++) {
            double h = 1e-6 * fmax(1.0, fabs(z[j])), sp, sm;
            zp[j] = z[j] + h;
            sp = sinloop(zp, N_LOOP);
            zp[j] = z[j] - h;
            sm = sinloop(zp, N_LOOP);
            zp[j] = z[j];
            fd[j] = (sp - sm) / (2.0 * h);
        }
        printf("  jacrev: [");
        for (int i = 0; i < 6; i++)
            printf("% .8e%s", J[i], i < 5 ? " " : " ...]\n");
        ok &= report("jacrev(sinloop) = finite differences", max_rel_err(J, fd, N_LOOP), 1e-6);
    }

    printf("\n%s\n", ok ? "all checks passed" : "CHECK FAILED");
    return ok ? 0 : 1;
}
