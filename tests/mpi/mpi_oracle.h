/*
 * mpi_oracle.h: checks for MPI cases, on top of ccad_oracle.h.
 *
 * A distributed function is collective: every rank calls it with its part
 * of the input. The oracles here are collective too:
 *   mpi_gdot      a global inner product (local dots reduced with MPI_SUM);
 *   mpi_fd_dir    a directional derivative of a scalar loss by central
 *                 differences, every rank moving its part of x along v;
 *   mpi_check_grad  the gradient against differences along random global
 *                 directions (<g, v> = d/dh loss(x + h v), summed over ranks),
 *                 so the test costs 2 calls per direction, not per element.
 * Only rank 0 prints, but every rank counts failures: each returns
 * oracle_result(), so a failing rank fails mpirun.
 */
#ifndef MPI_ORACLE_H
#define MPI_ORACLE_H

#include <float.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccad_mpi.h"
#include "ccad_oracle.h"

static inline int mpi_rank(void)
{
    int r;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

static inline int mpi_size(void)
{
    int s;
    MPI_Comm_size(MPI_COMM_WORLD, &s);
    return s;
}

static inline double mpi_gsum(double a)
{
    double s;
    MPI_Allreduce(&a, &s, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    return s;
}

static inline double mpi_gdot(const double *a, const double *b, int n)
{
    return mpi_gsum(oracle_dot(a, b, n));
}

static inline double mpi_gmax_abs(const double *a, int n)
{
    double m = 0.0, g;
    for (int i = 0; i < n; i++)
        m = fmax(m, fabs(a[i]));
    MPI_Allreduce(&m, &g, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return g;
}

/* A check whose verdict every rank shares: printed once, counted everywhere. */
static inline int mpi_check_close(const char *label, double got, double want, double rtol, double atol)
{
    int ok = oracle_close(got, want, rtol, atol), all;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (mpi_rank() == 0 || !ok)
        printf("[%d] %s: got=%.17g want=%.17g %s\n", mpi_rank(), label, got, want, all ? "ok" : "FAIL");
    oracle_record(all);
    return all;
}

/* The largest relative difference of a and b (n each, on every rank) below rtol. */
static inline int mpi_check_vec(const char *label, const double *got, const double *want, int n, double rtol)
{
    double scale = fmax(mpi_gmax_abs(want, n), 1e-300), err = 0.0, gerr;
    for (int i = 0; i < n; i++)
        err = fmax(err, fabs(got[i] - want[i]) / scale);
    MPI_Allreduce(&err, &gerr, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return mpi_check_close(label, gerr, 0.0, 0.0, rtol);
}

typedef double (*mpi_loss_fn)(void *ctx, const double *x);

/* d/dh loss(x + h v) at h = 0, by central differences (collective). */
static inline double mpi_fd_dir(mpi_loss_fn f, void *ctx, const double *x, const double *v, int n)
{
    double *xp = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
    double h = oracle_fd_step(mpi_gmax_abs(x, n), DBL_EPSILON) / fmax(mpi_gmax_abs(v, n), 1e-300);
    for (int i = 0; i < n; i++)
        xp[i] = x[i] + h * v[i];
    double fp = f(ctx, xp);
    for (int i = 0; i < n; i++)
        xp[i] = x[i] - h * v[i];
    double fm = f(ctx, xp);
    free(xp);
    return (fp - fm) / (2 * h);
}

/* The gradient g (this rank's part) against differences along k random
** global directions; shared: x is the same on every rank (shared
** parameters), so are the directions, and g is this rank's share. */
static inline void mpi_check_grad_in(const char *label, mpi_loss_fn f, void *ctx, const double *x, const double *g,
                                     int n, int k, uint64_t seed, int shared)
{
    OracleRng rng = oracle_rng(seed + (shared ? 0u : 7919u * (uint64_t)mpi_rank()));
    double *v = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
    char l[128];
    for (int d = 0; d < k; d++) {
        oracle_fill_uniform(&rng, v, n, -1.0, 1.0);
        double want = mpi_fd_dir(f, ctx, x, v, n), got = mpi_gdot(g, v, n);
        snprintf(l, sizeof l, "%s: <grad, v%d> vs differences", label, d);
        mpi_check_close(l, got, want, ORACLE_RTOL_FD, ORACLE_ATOL_FD * fmax(1.0, fabs(f(ctx, x))));
    }
    free(v);
}

#define mpi_check_grad(label, f, ctx, x, g, n, k, seed) mpi_check_grad_in(label, f, ctx, x, g, n, k, seed, 0)
#define mpi_check_grad_shared(label, f, ctx, x, g, n, k, seed) mpi_check_grad_in(label, f, ctx, x, g, n, k, seed, 1)

/* A distributed vector function y = F(x) (x: n elements on this rank, y: m)
** with its jvp and vjp wrappers. vjp adds J^T w into xbar and may change w. */
typedef void (*mpi_vec_fn)(void *ctx, const double *x, double *y);
typedef void (*mpi_jvp_fn)(void *ctx, const double *x, const double *v, double *y, double *ydot);
typedef void (*mpi_vjp_fn)(void *ctx, const double *x, double *xbar, double *w);

/* jvp against central differences of F and against F's own values; the
** dot-product test <J v, w> = <v, J^T w> with global inner products. */
static inline void mpi_check_vector(const char *label, mpi_vec_fn f, mpi_jvp_fn jvp, mpi_vjp_fn vjp, void *ctx,
                                    const double *x, int n, int m, uint64_t seed)
{
    OracleRng rng = oracle_rng(seed + 7919u * (uint64_t)mpi_rank());
    size_t nn = (size_t)(n > 0 ? n : 1), mm = (size_t)(m > 0 ? m : 1);
    double *v = malloc(sizeof(double) * nn), *xp = malloc(sizeof(double) * nn), *xb = calloc(nn, sizeof(double));
    double *y = malloc(sizeof(double) * mm), *y0 = malloc(sizeof(double) * mm), *yd = malloc(sizeof(double) * mm);
    double *yp = malloc(sizeof(double) * mm), *ym = malloc(sizeof(double) * mm), *fd = malloc(sizeof(double) * mm);
    double *w = malloc(sizeof(double) * mm), *w0 = malloc(sizeof(double) * mm);
    char l[160];
    oracle_fill_uniform(&rng, v, n, -1.0, 1.0);
    oracle_fill_uniform(&rng, w, m, -1.0, 1.0);
    memcpy(w0, w, sizeof(double) * mm);
    f(ctx, x, y0);
    jvp(ctx, x, v, y, yd);
    snprintf(l, sizeof l, "%s: jvp's primal", label);
    mpi_check_vec(l, y, y0, m, 1e-15);
    double h = oracle_fd_step(mpi_gmax_abs(x, n), DBL_EPSILON) / fmax(mpi_gmax_abs(v, n), 1e-300);
    for (int i = 0; i < n; i++)
        xp[i] = x[i] + h * v[i];
    f(ctx, xp, yp);
    for (int i = 0; i < n; i++)
        xp[i] = x[i] - h * v[i];
    f(ctx, xp, ym);
    for (int i = 0; i < m; i++)
        fd[i] = (yp[i] - ym[i]) / (2 * h);
    snprintf(l, sizeof l, "%s: jvp vs differences", label);
    mpi_check_vec(l, yd, fd, m, 1e-6);
    vjp(ctx, x, xb, w);
    snprintf(l, sizeof l, "%s: <J v, w> = <v, J^T w>", label);
    mpi_check_close(l, mpi_gdot(yd, w0, m), mpi_gdot(v, xb, n), ORACLE_RTOL_DOT, 1e-14);
    free(v), free(xp), free(xb), free(y), free(y0), free(yd), free(yp), free(ym), free(fd), free(w), free(w0);
}

#endif
