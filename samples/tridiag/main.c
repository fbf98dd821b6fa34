/* main.c - samples/tridiag driver: evaluates scal_fun at a fixed point,
 * checks the forward-mode directional derivative (scal_fun_jvp) and the
 * reverse-mode gradient (scal_fun_grad) against central finite differences,
 * and times one gradient against one function evaluation.
 * Exits 1 when a check fails. */
#define _POSIX_C_SOURCE 199309L /* clock_gettime under -std=c11 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "tridiag.h"
#include "tridiag.ad.h" /* written by cc-ad: scal_fun_jvp, scal_fun_grad */

enum { NP = TRIDIAG_NP };

static const double TOL = 1e-6;  /* relative tolerance of the FD checks */
static const double MIN_TIME = 0.2; /* seconds per timing */

/* A 64-bit LCG (Knuth's MMIX constants): uniform doubles in [0, 1),
 * the same sequence on every machine. */
static uint64_t lcg_state = 0;
static double uniform01(void)
{
    lcg_state = lcg_state * 6364136223846793005u + 1442695040888963407u;
    return (double)(lcg_state >> 11) * 0x1.0p-53;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Central difference of scal_fun at p in direction v. */
static double fd_directional(const double *p, const double *v)
{
    double h = 1e-6, pp[NP], pm[NP];
    for (int i = 0; i < NP; i++) {
        pp[i] = p[i] + h * v[i];
        pm[i] = p[i] - h * v[i];
    }
    return (scal_fun(pp) - scal_fun(pm)) / (2 * h);
}

/* Prints one comparison; returns 1 when got matches want (named ref). */
static int check(const char *what, double got, const char *ref, double want)
{
    double err = fabs(got - want) / fmax(1.0, fabs(want));
    int ok = err <= TOL;
    printf("  %-16s % .12f  %-6s % .12f  rel.err %.1e  %s\n", what, got, ref,
           want, err, ok ? "ok" : "FAIL");
    return ok;
}

/* Calls of scal_fun (grad = 0) or scal_fun_grad (grad = 1) per second,
 * repeated until MIN_TIME has passed; returns seconds per call. */
static volatile double sink;
static double time_per_call(const double *p, int grad)
{
    double g[NP], acc = 0.0, t0, dt;
    long reps = 16;
    for (;;) {
        t0 = now();
        for (long r = 0; r < reps; r++)
            acc += grad ? scal_fun_grad(p, g) + g[r % NP] : scal_fun(p);
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
    double p[NP], v[NP], g[NP], e[NP];
    int ok = 1;

    for (int i = 0; i < NP; i++)
        p[i] = uniform01();
    for (int i = 0; i < NP; i++)
        v[i] = uniform01() - 0.5;

    printf("params   ");
    for (int i = 0; i < NP; i++)
        printf(" %.6f", p[i]);
    double f = scal_fun(p);
    printf("\nscal_fun  %.15f\n", f);

    /* Forward mode: one directional derivative, and its primal. */
    double dir;
    double f_jvp = scal_fun_jvp(p, v, &dir);
    printf("\nforward mode (scal_fun_jvp), direction v:\n");
    ok &= check("primal", f_jvp, "f", f);
    ok &= check("d/dv scal_fun", dir, "fd", fd_directional(p, v));

    /* Reverse mode: the whole gradient in one call. params_bar is
     * overwritten, so the garbage below must not leak into the result. */
    for (int i = 0; i < NP; i++)
        g[i] = 1e300;
    double f_grad = scal_fun_grad(p, g);
    printf("\nreverse mode (scal_fun_grad):\n");
    ok &= check("primal", f_grad, "f", f);
    for (int i = 0; i < NP; i++) {
        char name[32];
        for (int j = 0; j < NP; j++)
            e[j] = j == i;
        snprintf(name, sizeof name, "d/dparams[%d]", i);
        ok &= check(name, g[i], "fd", fd_directional(p, e));
    }
    double gv = 0.0;
    for (int i = 0; i < NP; i++)
        gv += g[i] * v[i];
    ok &= check("grad . v", gv, "jvp", dir);

    double t_f = time_per_call(p, 0), t_g = time_per_call(p, 1);
    printf("\ntime per function call  %10.3f us\n", 1e6 * t_f);
    printf("time per gradient       %10.3f us\n", 1e6 * t_g);
    printf("gradient / function     %10.2f\n", t_g / t_f);

    printf("\n%s\n", ok ? "all checks passed" : "CHECK FAILED");
    return ok ? 0 : 1;
}
