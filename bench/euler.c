/*
** euler.c: bench_ckpt's cases (see README.md, bench_ckpt). An explicit Euler
** time loop over N coupled nonlinear oscillators (positions and velocities
** in malloc'd buffers, one helper call per step), written three times: a
** counted loop under #pragma ad checkpoint(snapshots=20), the same loop as
** a while whose length cc-ad cannot know on entry (the time is accumulated),
** and the counted loop without the pragma (fully taped).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void euler_step(double *x, double *v, const double *k, int n, double dt)
{
    for (int i = 0; i < n; i++) {
        double left = x[i > 0 ? i - 1 : n - 1], right = x[i < n - 1 ? i + 1 : 0];
        double a = -k[i] * sin(x[i]) + 0.1 * (left - 2.0 * x[i] + right);
        v[i] += dt * a;
    }
    for (int i = 0; i < n; i++)
        x[i] += dt * v[i];
}

static double energy(const double *x, const double *v, int n)
{
    double e = 0;
    for (int i = 0; i < n; i++)
        e += 0.5 * v[i] * v[i] + x[i] * x[i];
    return e;
}

double euler_ck(const double *x0, const double *k, int n, int steps, double dt)
{
    double *x = malloc((size_t)n * sizeof *x), *v = malloc((size_t)n * sizeof *v);
    memcpy(x, x0, (size_t)n * sizeof *x);
    memset(v, 0, (size_t)n * sizeof *v);
#pragma ad checkpoint(snapshots=20)
    for (int t = 0; t < steps; t++)
        euler_step(x, v, k, n, dt);
    double e = energy(x, v, n);
    free(x);
    free(v);
    return e;
}

double euler_while(const double *x0, const double *k, int n, double t_end, double dt)
{
    double *x = malloc((size_t)n * sizeof *x), *v = malloc((size_t)n * sizeof *v);
    memcpy(x, x0, (size_t)n * sizeof *x);
    memset(v, 0, (size_t)n * sizeof *v);
    double time = 0.0;
#pragma ad checkpoint(snapshots=20)
    while (time + 0.5 * dt < t_end) {
        euler_step(x, v, k, n, dt);
        time += dt;
    }
    double e = energy(x, v, n);
    free(x);
    free(v);
    return e;
}

double euler_taped(const double *x0, const double *k, int n, int steps, double dt)
{
    double *x = malloc((size_t)n * sizeof *x), *v = malloc((size_t)n * sizeof *v);
    memcpy(x, x0, (size_t)n * sizeof *x);
    memset(v, 0, (size_t)n * sizeof *v);
    for (int t = 0; t < steps; t++)
        euler_step(x, v, k, n, dt);
    double e = energy(x, v, n);
    free(x);
    free(v);
    return e;
}

#pragma ad grad(euler_ck) wrt(x0[n], k[n])
#pragma ad grad(euler_while) wrt(x0[n], k[n])
#pragma ad grad(euler_taped) wrt(x0[n], k[n])
