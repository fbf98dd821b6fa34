/*
** bench/bench_sparse.c: cost of the sparse drivers (the sparse clause) on
** large banded problems: a sparse Hessian against the gradient, sparse
** Jacobians against the function. Not a test: it prints one table and
** exits 0, unless a result fails the startup check (the sparse Hessian
** against hvp on random directions, the sparse Jacobians against each
** other and central differences), then it exits 1 before timing.
**
** usage: bench_sparse [N [BATCH_SECONDS [ROUNDS]]]   (default 10000 0.2 5)
**   Reported per call, best batch: the first call (pattern, colouring,
**   values), and later calls reusing the pattern, with the check sweep
**   (default) and without (skip_check = 1).
*/
#define _POSIX_C_SOURCE 199309L /* clock_gettime, CLOCK_THREAD_CPUTIME_ID under -std=c11 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ccad.h"
#include "sparse_models.h"
#include "sparse_models.ad.h"

#ifndef BENCH_CFLAGS
#define BENCH_CFLAGS "?"
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); /* CPU time: the machine may be shared */
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int n_glob;
static double *xg, *yg, *gg;
static ccad_csr Hs, Hn, Jf, Jr;

static void t_chain(void) { volatile double e = chain(xg, n_glob); (void)e; }
static void t_grad(void) { chain_grad(xg, gg, n_glob); }
static void t_hess(void) { chain_hessian(xg, n_glob, &Hs); }
static void t_hess_nc(void) { chain_hessian(xg, n_glob, &Hn); }
static void t_broyden(void) { broyden(xg, yg, n_glob); }
static void t_jacfwd(void) { broyden_jacfwd(xg, yg, n_glob, &Jf); }
static void t_jacrev(void) { broyden_jacrev(xg, yg, n_glob, &Jr); }

/* best batch time per call over rounds */
static double timeit(void (*f)(void), double batch, int rounds)
{
    double best = 1e300;
    for (int r = 0; r < rounds; r++) {
        long calls = 0;
        double t0 = now(), t;
        do {
            f();
            calls++;
            t = now() - t0;
        } while (t < batch);
        if (t / (double)calls < best) best = t / (double)calls;
    }
    return best;
}

static double first_call(void (*f)(void), ccad_csr *a)
{
    ccad_csr_free(a);
    double t0 = now();
    f();
    return now() - t0;
}

static int check(int n)
{
    /* H v from the CSR against hvp, two directions */
    double *v = calloc((size_t)n, sizeof *v), *hv = calloc((size_t)n, sizeof *hv), *w = calloc((size_t)n, sizeof *w);
    double err = 0.0, scale = 0.0;
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < n; i++) v[i] = sin(0.37 * i + t);
        chain_hvp(xg, v, hv, n);
        memset(w, 0, sizeof *w * (size_t)n);
        for (int i = 0; i < n; i++)
            for (int k = Hs.rowptr[i]; k < Hs.rowptr[i + 1]; k++) w[i] += Hs.val[k] * v[Hs.col[k]];
        for (int i = 0; i < n; i++) {
            err = fmax(err, fabs(w[i] - hv[i]));
            scale = fmax(scale, fabs(hv[i]));
        }
    }
    int ok = err <= 1e-12 * (1.0 + scale);
    printf("check chain n = %d: sparse hessian (%d entries, %d colours) times v = hvp: err %.1e  %s\n", n, Hs.nnz,
           ccad_csr_colors(&Hs), err / (1.0 + scale), ok ? "ok" : "FAIL");
    /* jacfwd = jacrev; entries against central differences in 3 columns */
    double jerr = 0.0, fderr = 0.0;
    int same = Jf.nnz == Jr.nnz;
    for (int k = 0; same && k < Jf.nnz; k++) {
        same = Jf.col[k] == Jr.col[k];
        jerr = fmax(jerr, fabs(Jf.val[k] - Jr.val[k]));
    }
    double *yp = calloc((size_t)n, sizeof *yp), *ym = calloc((size_t)n, sizeof *ym);
    for (int j = 1; j < n && j < 4; j++) {
        double h = 1e-6, keep = xg[j];
        xg[j] = keep + h;
        broyden(xg, yp, n);
        xg[j] = keep - h;
        broyden(xg, ym, n);
        xg[j] = keep;
        for (int i = 0; i < n; i++) {
            double d = (yp[i] - ym[i]) / (2 * h), got = 0.0;
            for (int k = Jf.rowptr[i]; k < Jf.rowptr[i + 1]; k++)
                if (Jf.col[k] == j) got = Jf.val[k];
            fderr = fmax(fderr, fabs(d - got));
        }
    }
    int jok = same && jerr <= 1e-13 && fderr <= 1e-7;
    printf("check broyden n = %d: sparse jacfwd = jacrev (%d entries, %d and %d colours): %.1e; fd err %.1e  %s\n", n,
           Jf.nnz, ccad_csr_colors(&Jf), ccad_csr_colors(&Jr), jerr, fderr, jok ? "ok" : "FAIL");
    free(v);
    free(hv);
    free(w);
    free(yp);
    free(ym);
    return ok && jok;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    double batch = argc > 2 ? atof(argv[2]) : 0.2;
    int rounds = argc > 3 ? atoi(argv[3]) : 5;
    n_glob = n;
    xg = calloc((size_t)n, sizeof *xg);
    yg = calloc((size_t)n, sizeof *yg);
    gg = calloc((size_t)n, sizeof *gg);
    for (int i = 0; i < n; i++) xg[i] = 0.5 * sin(0.1 * i) + 0.01 * i / n;
    printf("cc-ad sparse drivers benchmark (compiled with %s)\n\n", BENCH_CFLAGS);
    double hf = first_call(t_hess, &Hs), jff = first_call(t_jacfwd, &Jf), jrf = first_call(t_jacrev, &Jr);
    Hn.skip_check = 1;
    t_hess_nc();
    if (!check(n)) {
        fprintf(stderr, "bench_sparse: aborting: a wrong derivative makes its timing meaningless\n");
        return 1;
    }
    double tf = timeit(t_chain, batch, rounds), tg = timeit(t_grad, batch, rounds);
    double th = timeit(t_hess, batch, rounds), thn = timeit(t_hess_nc, batch, rounds);
    double tb = timeit(t_broyden, batch, rounds), tjf = timeit(t_jacfwd, batch, rounds);
    double tjr = timeit(t_jacrev, batch, rounds);
    printf("\ntiming: best of %d batches of >= %g s, per call; n = %d\n\n", rounds, batch, n);
    printf("%-34s %12s %10s %14s\n", "", "per call", "ratio", "first call");
    printf("%-34s %9.3f ms %10s\n", "chain (primal)", 1e3 * tf, "");
    printf("%-34s %9.3f ms %7.2f x f\n", "chain_grad", 1e3 * tg, tg / tf);
    printf("%-34s %9.3f ms %7.2f x grad %9.1f ms\n", "chain_hessian sparse", 1e3 * th, th / tg, 1e3 * hf);
    printf("%-34s %9.3f ms %7.2f x grad\n", "chain_hessian sparse, skip_check", 1e3 * thn, thn / tg);
    printf("%-34s %9.3f ms %10s\n", "broyden (primal)", 1e3 * tb, "");
    printf("%-34s %9.3f ms %7.2f x f %11.1f ms\n", "broyden_jacfwd sparse", 1e3 * tjf, tjf / tb, 1e3 * jff);
    printf("%-34s %9.3f ms %7.2f x f %11.1f ms\n", "broyden_jacrev sparse", 1e3 * tjr, tjr / tb, 1e3 * jrf);
    printf("\nfirst call: the pattern (pattern sweeps, 64 columns or rows a lane as bits), colouring, values and one check;"
           " later calls: one sweep per colour, plus the check sweep\n");
    ccad_csr_free(&Hs);
    ccad_csr_free(&Hn);
    ccad_csr_free(&Jf);
    ccad_csr_free(&Jr);
    free(xg);
    free(yg);
    free(gg);
    return 0;
}
