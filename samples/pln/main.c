/* main.c - seed 004: fit a Poisson log-normal model with the tutorial's
 * optimiser (RAdam, then the update clipped to [-0.1, 0.1]) and its
 * closed-form update of Sigma, on synthetic counts of the tutorial's size.
 *
 *   ./pln                 n = 11600 samples x p = 114 species, 1000 iterations
 *   ./pln --small         n = 400 x p = 20, 300 iterations, with checks (CTest)
 *   ./pln --grad=whole    the gradient of pln_loss (one #pragma ad grad; default)
 *   ./pln --grad=rows     vmap(row_loss_grad): rows in parallel (OpenMP), B_bar summed
 *   ./pln --grad=hand     the gradient written by hand (the oracle)
 *   ./pln --gpu           cuda(row_loss_grad): one GPU thread per row (built with CUDA)
 *   ./pln -o FILE.png     the ELBO curve (default pln.png)
 *   ./pln --data-out F    also write Y and O (n x p doubles each) to F (bench/jax)
 *
 * Threads: OMP_NUM_THREADS (Sigma's update and --grad=rows). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pln.ad.h"

#ifdef HAVE_PLPLOT
#include <plplot.h>
#endif
#ifdef PLN_HAVE_CUDA
#include <cuda_runtime.h>
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double *vec(size_t n)
{
    double *v = calloc(n ? n : 1, sizeof *v);
    if (!v) {
        fprintf(stderr, "pln: out of memory\n");
        exit(1);
    }
    return v;
}

/* {==================================================================
 * Synthetic data: Y ~ Poisson(exp(O + X B + Z)), Z ~ N(0, Sigma),
 * Sigma = W W^T + 0.2 I (W p x 4), fixed seed.
 * =================================================================== */

static uint64_t rng_state = 0x5eed0004u;

static double uniform(void)  /* splitmix64, in (0, 1) */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(void)
{
    return sqrt(-2.0 * log(uniform())) * cos(6.283185307179586 * uniform());
}

static double poisson(double lambda)
{
    if (lambda > 30.0) {  /* normal approximation */
        double k = floor(lambda + sqrt(lambda) * normal() + 0.5);
        return k < 0.0 ? 0.0 : k;
    }
    double l = exp(-lambda), prod = uniform();
    int k = 0;
    while (prod > l) {
        prod *= uniform();
        k++;
    }
    return k;
}

typedef struct Data {
    int n, p, d;
    double *Y, *O, *X;
} Data;

static Data make_data(int n, int p)
{
    Data D = {n, p, 1, vec((size_t)n * p), vec((size_t)n * p), vec(n)};
    double *W = vec((size_t)p * 4), *b = vec(p);
    for (int j = 0; j < p; j++) {
        b[j] = 0.5 + 0.8 * normal();
        for (int r = 0; r < 4; r++)
            W[j * 4 + r] = 0.3 * normal();
    }
    for (int i = 0; i < n; i++) {
        double u[4], lib = log(0.5 + 1.5 * uniform());  /* log library size */
        D.X[i] = 1.0;
        for (int r = 0; r < 4; r++)
            u[r] = normal();
        for (int j = 0; j < p; j++) {
            double z = sqrt(0.2) * normal();
            for (int r = 0; r < 4; r++)
                z += W[j * 4 + r] * u[r];
            D.O[(size_t)i * p + j] = lib;
            D.Y[(size_t)i * p + j] = poisson(exp(lib + b[j] + z));
        }
    }
    free(W);
    free(b);
    return D;
}

/* }================================================================== */

/* {==================================================================
 * Sigma = (M^T M + diag(colsum(S^2))) / n, Omega = Sigma^-1 (Cholesky)
 * =================================================================== */

/* Cholesky A = L L^T in place (lower part); 0 if A is not positive definite */
static int cholesky(double *A, int p)
{
    for (int j = 0; j < p; j++) {
        double s = A[j * p + j];
        for (int k = 0; k < j; k++)
            s -= A[j * p + k] * A[j * p + k];
        if (s <= 0.0)
            return 0;
        A[j * p + j] = sqrt(s);
        for (int i = j + 1; i < p; i++) {
            double t = A[i * p + j];
            for (int k = 0; k < j; k++)
                t -= A[i * p + k] * A[j * p + k];
            A[i * p + j] = t / A[j * p + j];
        }
    }
    return 1;
}

/* Omega = Sigma^-1 and log det Omega, Sigma from M and S */
static void update_omega(const double *M, const double *S, int n, int p, double *Omega, double *logdet)
{
    double *G = vec((size_t)p * p);
#pragma omp parallel
    {
        double *g = vec((size_t)p * p);
#pragma omp for schedule(static)
        for (int i = 0; i < n; i++) {
            const double *m = M + (size_t)i * p, *s = S + (size_t)i * p;
            for (int k = 0; k < p; k++) {
                double mk = m[k];
                for (int j = k; j < p; j++)
                    g[k * p + j] += mk * m[j];
                g[k * p + k] += s[k] * s[k];
            }
        }
#pragma omp critical
        for (int q = 0; q < p * p; q++)
            G[q] += g[q];
        free(g);
    }
    for (int k = 0; k < p; k++)
        for (int j = k; j < p; j++)
            G[j * p + k] = G[k * p + j] /= n;  /* symmetric; Sigma */
    if (!cholesky(G, p)) {
        fprintf(stderr, "pln: Sigma is not positive definite\n");
        exit(1);
    }
    double ld = 0.0;
    for (int j = 0; j < p; j++)
        ld += 2.0 * log(G[j * p + j]);
    *logdet = -ld;
    /* columns of the inverse: L y = e_c, L^T x = y */
    double *y = vec(p);
    for (int c = 0; c < p; c++) {
        for (int i = 0; i < p; i++) {
            double t = i == c;
            for (int k = 0; k < i; k++)
                t -= G[i * p + k] * y[k];
            y[i] = t / G[i * p + i];
        }
        for (int i = p - 1; i >= 0; i--) {
            double t = y[i];
            for (int k = i + 1; k < p; k++)
                t -= G[k * p + i] * Omega[k * p + c];
            Omega[i * p + c] = t / G[i * p + i];
        }
    }
    free(y);
    free(G);
}

/* }================================================================== */

/* {==================================================================
 * Gradients: by cc-ad (whole, rows, gpu) or by hand (the oracle)
 * =================================================================== */

enum Mode { WHOLE, ROWS, HAND, GPU };

typedef struct Fit {
    const Data *D;
    double *B, *M, *S, *Omega, logdet;
    double *gB, *gM, *gS;
    double *rows_B, *rows_ret, *omega_diag;  /* --grad=rows, --gpu */
#ifdef PLN_HAVE_CUDA
    double *dev[12];
#endif
} Fit;

/* d(loss)/dM = A - Y + M, d/dS = A S - 1/S + S omega_jj, d/dB = X^T (A - Y) */
static double hand_grad(Fit *F)
{
    const Data *D = F->D;
    int n = D->n, p = D->p, d = D->d;
    memset(F->gB, 0, (size_t)d * p * sizeof(double));
    for (int i = 0; i < n; i++)
        for (int j = 0; j < p; j++) {
            size_t q = (size_t)i * p + j;
            double xb = 0.0;
            for (int k = 0; k < d; k++)
                xb += D->X[i * d + k] * F->B[k * p + j];
            double s = F->S[q], a = exp(D->O[q] + F->M[q] + xb + s * s / 2.0);
            F->gM[q] = a - D->Y[q] + F->M[q];
            F->gS[q] = a * s - 1.0 / s + s * F->Omega[j * p + j];
            for (int k = 0; k < d; k++)
                F->gB[k * p + j] += D->X[i * d + k] * (a - D->Y[q]);
        }
    return pln_loss(F->B, F->M, F->S, D->Y, D->O, D->X, F->Omega, F->logdet, n, p, d);
}

/* the rows' losses and B_bar summed (vmap and cuda give one per row) */
static double sum_rows(Fit *F)
{
    const Data *D = F->D;
    int n = D->n, p = D->p, d = D->d;
    double loss = -0.5 * n * F->logdet - 0.5 * n * p;
    memset(F->gB, 0, (size_t)d * p * sizeof(double));
    for (int i = 0; i < n; i++) {
        loss += F->rows_ret[i];
        for (int q = 0; q < d * p; q++)
            F->gB[q] += F->rows_B[(size_t)i * d * p + q];
    }
    return loss;
}

#ifdef PLN_HAVE_CUDA
enum { DB, DM, DS, DY, DO, DX, DW, DGB, DGM, DGS, DRET, NDEV };

static void cuda_ok(cudaError_t e, const char *what)
{
    if (e != cudaSuccess) {
        fprintf(stderr, "pln: %s: %s\n", what, cudaGetErrorString(e));
        exit(1);
    }
}

static void gpu_begin(Fit *F)
{
    const Data *D = F->D;
    size_t np = (size_t)D->n * D->p, sizes[NDEV] = {
        (size_t)D->d * D->p, np, np, np, np, (size_t)D->n * D->d, D->p,
        (size_t)D->n * D->d * D->p, np, np, D->n};
    for (int k = 0; k < NDEV; k++)
        cuda_ok(cudaMalloc((void **)&F->dev[k], sizes[k] * sizeof(double)), "cudaMalloc");
    cuda_ok(cudaMemcpy(F->dev[DY], D->Y, np * 8, cudaMemcpyHostToDevice), "copy Y");
    cuda_ok(cudaMemcpy(F->dev[DO], D->O, np * 8, cudaMemcpyHostToDevice), "copy O");
    cuda_ok(cudaMemcpy(F->dev[DX], D->X, (size_t)D->n * D->d * 8, cudaMemcpyHostToDevice), "copy X");
}

static void gpu_grad(Fit *F)
{
    const Data *D = F->D;
    size_t np = (size_t)D->n * D->p;
    double **g = F->dev;
    cuda_ok(cudaMemcpy(g[DB], F->B, (size_t)D->d * D->p * 8, cudaMemcpyHostToDevice), "copy B");
    cuda_ok(cudaMemcpy(g[DM], F->M, np * 8, cudaMemcpyHostToDevice), "copy M");
    cuda_ok(cudaMemcpy(g[DS], F->S, np * 8, cudaMemcpyHostToDevice), "copy S");
    cuda_ok(cudaMemcpy(g[DW], F->omega_diag, (size_t)D->p * 8, cudaMemcpyHostToDevice), "copy omega");
    cuda_ok((cudaError_t)row_loss_grad_cuda(D->n, g[DB], g[DGB], g[DM], g[DGM], g[DS], g[DGS], g[DY], g[DO],
                                            g[DX], g[DW], D->p, D->d, g[DRET]),
            "row_loss_grad_cuda");
    cuda_ok(cudaMemcpy(F->gM, g[DGM], np * 8, cudaMemcpyDeviceToHost), "copy M_bar");
    cuda_ok(cudaMemcpy(F->gS, g[DGS], np * 8, cudaMemcpyDeviceToHost), "copy S_bar");
    cuda_ok(cudaMemcpy(F->rows_B, g[DGB], (size_t)D->n * D->d * D->p * 8, cudaMemcpyDeviceToHost), "copy B_bar");
    cuda_ok(cudaMemcpy(F->rows_ret, g[DRET], (size_t)D->n * 8, cudaMemcpyDeviceToHost), "copy ret");
}
#endif

static double gradient(Fit *F, enum Mode mode)
{
    const Data *D = F->D;
    int n = D->n, p = D->p, d = D->d;
    for (int j = 0; j < p; j++)
        F->omega_diag[j] = F->Omega[j * p + j];
    switch (mode) {
    case WHOLE:
        return pln_loss_grad(F->B, F->gB, F->M, F->gM, F->S, F->gS, D->Y, D->O, D->X, F->Omega, F->logdet, n, p, d);
    case ROWS:
        row_loss_grad_vmap(n, F->B, F->rows_B, F->M, F->gM, F->S, F->gS, D->Y, D->O, D->X, F->omega_diag, p, d,
                           F->rows_ret);
        return sum_rows(F);
    case GPU:
#ifdef PLN_HAVE_CUDA
        gpu_grad(F);
        return sum_rows(F);
#else
        fprintf(stderr, "pln: built without CUDA: no --gpu\n");
        exit(2);
#endif
    case HAND:
        break;
    }
    return hand_grad(F);
}

/* }================================================================== */

/* {==================================================================
 * optax.chain(scale_by_radam(), scale(-1), clip(0.1)), defaults
 * b1 = 0.9, b2 = 0.999, eps = 1e-8, threshold = 5
 * =================================================================== */

typedef struct RAdam {
    double *mu, *nu;
} RAdam;

static void radam_step(double *w, const double *g, RAdam *st, size_t len, int t)
{
    const double b1 = 0.9, b2 = 0.999, eps = 1e-8, threshold = 5.0;
    double b1t = pow(b1, t), b2t = pow(b2, t);
    double ro_inf = 2.0 / (1.0 - b2) - 1.0;
    double ro = ro_inf - 2.0 * t * b2t / (1.0 - b2t);
    double r = ro >= threshold ? sqrt((ro - 4.0) * (ro - 2.0) * ro_inf / ((ro_inf - 4.0) * (ro_inf - 2.0) * ro)) : 0.0;
    for (size_t q = 0; q < len; q++) {
        st->mu[q] = b1 * st->mu[q] + (1.0 - b1) * g[q];
        st->nu[q] = b2 * st->nu[q] + (1.0 - b2) * g[q] * g[q];
        double mu_hat = st->mu[q] / (1.0 - b1t), u;
        if (ro >= threshold)
            u = r * mu_hat / (sqrt(st->nu[q] / (1.0 - b2t)) + eps);
        else
            u = mu_hat;
        u = -u;
        w[q] += u > 0.1 ? 0.1 : u < -0.1 ? -0.1 : u;
    }
}

/* }================================================================== */

static void fit_init(Fit *F, const Data *D)
{
    size_t np = (size_t)D->n * D->p;
    memset(F, 0, sizeof *F);
    F->D = D;
    F->B = vec((size_t)D->d * D->p);
    F->M = vec(np);
    F->S = vec(np);
    for (size_t q = 0; q < np; q++)
        F->S[q] = 1.0;
    F->Omega = vec((size_t)D->p * D->p);
    for (int j = 0; j < D->p; j++)
        F->Omega[j * D->p + j] = 1.0;
    F->logdet = 0.0;
    F->gB = vec((size_t)D->d * D->p);
    F->gM = vec(np);
    F->gS = vec(np);
    F->rows_B = vec((size_t)D->n * D->d * D->p);
    F->rows_ret = vec(D->n);
    F->omega_diag = vec(D->p);
}

static void fit_free(Fit *F)
{
    free(F->B); free(F->M); free(F->S); free(F->Omega);
    free(F->gB); free(F->gM); free(F->gS);
    free(F->rows_B); free(F->rows_ret); free(F->omega_diag);
}

/* The fit: elbo[t] is the loss before step t; returns seconds */
static double fit(const Data *D, enum Mode mode, int iters, double *elbo, int verbose, Fit *out)
{
    Fit F;
    fit_init(&F, D);
    size_t np = (size_t)D->n * D->p, nb = (size_t)D->d * D->p;
    RAdam sB = {vec(nb), vec(nb)}, sM = {vec(np), vec(np)}, sS = {vec(np), vec(np)};
#ifdef PLN_HAVE_CUDA
    if (mode == GPU)
        gpu_begin(&F);
#endif
    double t0 = now(), t_grad = 0.0;
    for (int t = 0; t < iters; t++) {
        double tg = now();
        elbo[t] = gradient(&F, mode);
        t_grad += now() - tg;
        radam_step(F.B, F.gB, &sB, nb, t + 1);
        radam_step(F.M, F.gM, &sM, np, t + 1);
        radam_step(F.S, F.gS, &sS, np, t + 1);
        update_omega(F.M, F.S, D->n, D->p, F.Omega, &F.logdet);
        if (verbose && (t % 100 == 0 || t == iters - 1))
            printf("pln: iteration %4d  ELBO %.10e\n", t, elbo[t]);
    }
    double secs = now() - t0;
    if (verbose)
        printf("pln: %d iterations in %.2f s (gradient %.2f s, RAdam and Sigma %.2f s)\n", iters, secs, t_grad,
               secs - t_grad);
#ifdef PLN_HAVE_CUDA
    if (mode == GPU)
        for (int k = 0; k < NDEV; k++)
            cudaFree(F.dev[k]);
#endif
    free(sB.mu); free(sB.nu); free(sM.mu); free(sM.nu); free(sS.mu); free(sS.nu);
    if (out)
        *out = F;
    else
        fit_free(&F);
    return secs;
}

#ifdef HAVE_PLPLOT
static void draw(const char *file, const double *elbo, int iters)
{
    double *x = vec(iters), *y = vec(iters), lo = INFINITY, hi = -INFINITY, best = INFINITY;
    for (int t = 0; t < iters; t++)
        best = elbo[t] < best ? elbo[t] : best;
    for (int t = 0; t < iters; t++) {
        x[t] = t;
        y[t] = log10(elbo[t] - best + 1.0);  /* distance to the lowest, log scale */
        lo = y[t] < lo ? y[t] : lo;
        hi = y[t] > hi ? y[t] : hi;
    }
    plsdev("pngcairo");
    plsfnam(file);
    plspage(0.0, 0.0, 1000, 700, 0, 0);
    plscolbg(255, 255, 255);
    plscol0(1, 0, 0, 0);
    plscol0(2, 30, 60, 160);
    plinit();
    plcol0(1);
    plenv(0.0, iters - 1, lo, hi + 0.05 * (hi - lo + 1e-9), 0, 20);
    pllab("iteration", "loss - lowest loss + 1", "PLN fit: negative ELBO (RAdam, clipped)");
    plcol0(2);
    plwidth(2.0);
    plline(iters, x, y);
    plend();
    free(x);
    free(y);
}
#endif

static int failures;

static void check(int ok, const char *what, double got, double want)
{
    printf("pln: check %s: %.15g vs %.15g %s\n", what, got, want, ok ? "ok" : "FAILED");
    failures += !ok;
}

static double max_rel(const double *a, const double *b, size_t n)
{
    double m = 0.0;
    for (size_t q = 0; q < n; q++) {
        double e = fabs(a[q] - b[q]) / (fabs(b[q]) + 1e-300);
        m = e > m ? e : m;
    }
    return m;
}

/* cc-ad's gradients (whole and by rows) against the hand-written one and
 * central differences, at a point away from the start */
static void check_gradients(const Data *D)
{
    Fit F;
    double elbo[20];
    fit(D, HAND, 20, elbo, 0, &F);
    size_t np = (size_t)D->n * D->p, nb = (size_t)D->d * D->p;
    double *hB = vec(nb), *hM = vec(np), *hS = vec(np);
    double lh = gradient(&F, HAND);
    memcpy(hB, F.gB, nb * 8); memcpy(hM, F.gM, np * 8); memcpy(hS, F.gS, np * 8);
    double lw = gradient(&F, WHOLE);
    check(fabs(lw - lh) <= 1e-12 * fabs(lh), "loss of pln_loss_grad = pln_loss", lw, lh);
    check(max_rel(F.gB, hB, nb) < 1e-9, "pln_loss_grad B_bar = by hand (max rel. error)", max_rel(F.gB, hB, nb), 0);
    check(max_rel(F.gM, hM, np) < 1e-9, "pln_loss_grad M_bar = by hand", max_rel(F.gM, hM, np), 0);
    check(max_rel(F.gS, hS, np) < 1e-9, "pln_loss_grad S_bar = by hand", max_rel(F.gS, hS, np), 0);
    double lr = gradient(&F, ROWS);
    check(fabs(lr - lh) <= 1e-12 * fabs(lh), "loss by rows", lr, lh);
    check(max_rel(F.gB, hB, nb) < 1e-9, "row_loss_grad_vmap B_bar = by hand", max_rel(F.gB, hB, nb), 0);
    check(max_rel(F.gM, hM, np) < 1e-9, "row_loss_grad_vmap M_bar = by hand", max_rel(F.gM, hM, np), 0);
    /* central differences on a few entries of each */
    double *w[3] = {F.B, F.M, F.S}, *g[3] = {hB, hM, hS};
    size_t at[3] = {nb / 2, np / 3, np - 1};
    for (int k = 0; k < 3; k++) {
        double keep = w[k][at[k]], h = 1e-5;
        w[k][at[k]] = keep + h;
        double fp = pln_loss(F.B, F.M, F.S, D->Y, D->O, D->X, F.Omega, F.logdet, D->n, D->p, D->d);
        w[k][at[k]] = keep - h;
        double fm = pln_loss(F.B, F.M, F.S, D->Y, D->O, D->X, F.Omega, F.logdet, D->n, D->p, D->d);
        w[k][at[k]] = keep;
        double fd = (fp - fm) / (2 * h);
        check(fabs(fd - g[k][at[k]]) <= 1e-5 * (1.0 + fabs(fd)), "gradient entry against central differences",
              g[k][at[k]], fd);
    }
    /* the gradient's cost: pln_loss_grad against pln_loss, same point */
    int reps = 5;
    double t0 = now();
    for (int r = 0; r < reps; r++)
        (void)pln_loss(F.B, F.M, F.S, D->Y, D->O, D->X, F.Omega, F.logdet, D->n, D->p, D->d);
    double tp = now() - t0;
    t0 = now();
    for (int r = 0; r < reps; r++)
        (void)gradient(&F, WHOLE);
    double tg = now() - t0;
    printf("pln: pln_loss %.2f ms, pln_loss_grad %.2f ms: gradient / primal = %.2f\n", 1e3 * tp / reps,
           1e3 * tg / reps, tg / tp);
    free(hB); free(hM); free(hS);
    fit_free(&F);
}

int main(int argc, char **argv)
{
    int n = 11600, p = 114, iters = 1000, small = 0;
    enum Mode mode = WHOLE;
    const char *png = "pln.png", *data_out = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--small")) {
            n = 400; p = 20; iters = 300; small = 1;
        } else if (!strcmp(argv[i], "--grad=whole")) {
            mode = WHOLE;
        } else if (!strcmp(argv[i], "--grad=rows")) {
            mode = ROWS;
        } else if (!strcmp(argv[i], "--grad=hand")) {
            mode = HAND;
        } else if (!strcmp(argv[i], "--gpu")) {
            mode = GPU;
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            png = argv[++i];
        } else if (!strcmp(argv[i], "--data-out") && i + 1 < argc) {
            data_out = argv[++i];
        } else {
            fprintf(stderr, "usage: pln [--small] [--grad=whole|rows|hand] [--gpu] [-o FILE.png] [--data-out FILE]\n");
            return 2;
        }
    }
    Data D = make_data(n, p);
    double ysum = 0.0;
    for (size_t q = 0; q < (size_t)n * p; q++)
        ysum += D.Y[q];
    printf("pln: synthetic counts n = %d x p = %d (mean count %.2f), %d iterations, gradient: %s\n", n, p,
           ysum / ((double)n * p), iters,
           mode == WHOLE ? "pln_loss_grad" : mode == ROWS ? "row_loss_grad_vmap (OpenMP)" :
           mode == GPU ? "row_loss_grad_cuda" : "by hand");
    if (data_out) {
        FILE *fp = fopen(data_out, "wb");
        size_t np = (size_t)n * p;
        if (!fp || fwrite(D.Y, sizeof(double), np, fp) != np || fwrite(D.O, sizeof(double), np, fp) != np ||
            fclose(fp)) {
            fprintf(stderr, "pln: cannot write %s\n", data_out);
            return 1;
        }
    }
    if (small)
        check_gradients(&D);
    double *elbo = vec(iters);
    fit(&D, mode, iters, elbo, 1, NULL);
    check(elbo[iters - 1] < elbo[0], "the fit lowers the negative ELBO", elbo[iters - 1], elbo[0]);
    if (small) {
        /* the fit with the hand-written gradient: the same curve */
        double *ref = vec(iters);
        fit(&D, mode == HAND ? WHOLE : HAND, iters, ref, 0, NULL);
        check(fabs(elbo[iters - 1] - ref[iters - 1]) <= 1e-6 * fabs(ref[iters - 1]),
              "final ELBO = with the hand-written gradient (1e-6 rel.)", elbo[iters - 1], ref[iters - 1]);
        free(ref);
    }
#ifdef HAVE_PLPLOT
    draw(png, elbo, iters);
    printf("pln: wrote %s (1000 x 700)\n", png);
#else
    (void)png;
    printf("pln: built without PLplot: no picture (scripts/setup.sh installs libplplot-dev)\n");
#endif
    free(elbo);
    free(D.Y); free(D.O); free(D.X);
    if (failures)
        return 1;
    printf("pln: PASS\n");
    return 0;
}
