// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-NOT-GENERATED: omp atomic
/* grad/omp_local_buffer_copies: the backward sweeps of parallel loops that
** scatter into the adjoints of the function's own buffers: a float Sobel
** stencil reading a malloc'd intermediate through p[-w + 1] and a blur
** kernel float k[3] every pixel reads (out_bar, k_bar: each thread adds into
** its own copy, ccad_omp_part_f, summed after the loop), and a pair loop
** over positions held in a local double (*p)[3] = malloc(n * sizeof *p)
** (elements of three doubles, copied as 3 n doubles). None needs an
** `omp atomic` (a float atomic is a compare-and-swap loop: the Sobel
** gradient took 25x the function's time at one thread, 2.3x without
** OpenMP). The extents come from the allocations (malloc of a size the
** function does not change).
** Oracles: central differences of double copies of the same code (float:
** rtol 2e-3), at 1, 2 and 4 threads. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include "ccad_oracle.h"

float sobel_energy(const float *img, int w, int h, float s)
{
    float *out = malloc((size_t)w * h * sizeof *out), e = 0.0f, k[3] = {1.0f, s, 1.0f};
#pragma omp parallel for
    for (int q = 0; q < w * h; q++) out[q] = img[q] * img[q];
#pragma omp parallel for reduction(+:e)
    for (int y = 1; y < h - 1; y++)
        for (int x = 1; x < w - 1; x++) {
            const float *p = out + y * w + x;
            float gx = (k[0] * p[-w + 1] + k[1] * p[1] + k[2] * p[w + 1]) - (k[0] * p[-w - 1] + k[1] * p[-1] + k[2] * p[w - 1]);
            float gy = (k[0] * p[w - 1] + k[1] * p[w] + k[2] * p[w + 1]) - (k[0] * p[-w - 1] + k[1] * p[-w] + k[2] * p[-w + 1]);
            e += sqrtf(gx * gx + gy * gy + 1e-3f);
        }
    free(out);
    return e;
}
#pragma ad grad(sobel_energy) wrt(img[w*h], s)

double pair_energy(const double *x0, int n)
{
    double (*p)[3] = malloc(n * sizeof *p), e = 0.0;
#pragma omp parallel for
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 3; k++) p[i][k] = x0[3 * i + k] * (1.0 + 0.1 * k);
#pragma omp parallel for schedule(dynamic, 2) reduction(+:e)
    for (int i = 0; i < n - 1; i++)
        for (int j = i + 1; j < n; j++) {
            double r2 = 0.0;
            for (int k = 0; k < 3; k++) r2 += (p[i][k] - p[j][k]) * (p[i][k] - p[j][k]);
            e += 1.0 / (1.0 + r2);
        }
    free(p);
    return e;
}
#pragma ad grad(pair_energy) wrt(x0[3*n])

#include "omp_local_buffer_copies.ad.h"

enum { W = 12, H = 10, N = 9 };
static double sobel_d(const double *img, double s)
{
    double out[W * H], e = 0, k[3] = {1, s, 1};
    for (int q = 0; q < W * H; q++) out[q] = img[q] * img[q];
    for (int y = 1; y < H - 1; y++)
        for (int x = 1; x < W - 1; x++) {
            const double *p = out + y * W + x;
            double gx = (k[0] * p[-W + 1] + k[1] * p[1] + k[2] * p[W + 1]) - (k[0] * p[-W - 1] + k[1] * p[-1] + k[2] * p[W - 1]);
            double gy = (k[0] * p[W - 1] + k[1] * p[W] + k[2] * p[W + 1]) - (k[0] * p[-W - 1] + k[1] * p[-W] + k[2] * p[-W + 1]);
            e += sqrt(gx * gx + gy * gy + 1e-3);
        }
    return e;
}
static void sobel_img(void *ctx, const double *img, double *y) { *y = sobel_d(img, *(double *)ctx); }
static void pair_flat(void *ctx, const double *x, double *y) { (void)ctx; *y = pair_energy(x, N); }

int main(void)
{
    OracleRng rng = oracle_rng(11);
    static float img[W * H], g[W * H];
    static double imd[W * H], gd[W * H], x[3 * N], gx[3 * N], fx[3 * N];
    for (int i = 0; i < W * H; i++) imd[i] = img[i] = (float)oracle_uniform(&rng, 0, 1);
    for (int i = 0; i < 3 * N; i++) x[i] = oracle_uniform(&rng, -1.5, 1.5);
    double s = 2.0;
    oracle_fd_grad(sobel_img, &s, W * H, imd, gd);
    double gs_fd = (sobel_d(imd, 2.0 + 1e-6) - sobel_d(imd, 2.0 - 1e-6)) / 2e-6;
    oracle_fd_grad(pair_flat, NULL, 3 * N, x, fx);
    for (int th = 1; th <= 4; th *= 2) {
        omp_set_num_threads(th);
        float gs;
        float v = sobel_energy_grad(img, g, W, H, 2.0f, &gs);
        CHECK_CLOSE("sobel primal", v, sobel_d(imd, 2.0), 1e-5, 0);
        int bad = 0;
        for (int i = 0; i < W * H; i++) bad += !oracle_close(g[i], gd[i], 2e-3, 1e-3);
        CHECK_EQ_INT("sobel grad img vs fd, mismatches", bad, 0);
        CHECK_CLOSE("sobel grad s (the kernel's adjoint)", gs, gs_fd, 2e-3, 1e-3);
        double e = pair_energy_grad(x, gx, N);
        CHECK_CLOSE("pair primal", e, pair_energy(x, N), 1e-12, 0);
        for (int i = 0; i < 3 * N; i++) CHECK_CLOSE("pair grad vs fd", gx[i], fx[i], 1e-6, 1e-7);
    }
    return oracle_result();
}
