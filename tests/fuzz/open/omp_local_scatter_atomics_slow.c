// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* OPEN (probe14): SLOW: the gradient of a float stencil pipeline (separable
** blur into malloc'd intermediates, then a Sobel magnitude, each pass an
** `omp parallel for` over rows; tests/cases/realc/image_blur_sobel.c at
** 256 x 256) takes 25x the function's time with -fopenmp and
** OMP_NUM_THREADS=1, against 2.3x for the same file compiled without
** OpenMP. The backward sweeps scatter into the adjoints of the local
** malloc'd buffers (out_bar, tmp_bar: p_bar[-w+1] += .., 12 per pixel)
** under `#pragma omp atomic`, which for float is a compare-and-swap loop;
** deleting the atomics from the generated file (one thread) gives 2.7x.
** Only request parameters with a size clause get per-thread copies
** (ccad_omp_part_f, adjoint_omp.c's privatise); a local buffer whose
** extent the allocation gives (w * h floats here) could get the same, or
** the atomics could be skipped when the team has one thread.
** Expected: grad/f near the serial build's ratio (< 3); got ~6 for this
** Sobel-only reduction (~25 for the realc case) (timing
** below, printed; the case itself passes). Run: run_case.sh ... this file
** with OMP_NUM_THREADS=1 and read "ratio". */
#include <math.h>
#include <stdlib.h>
#include <time.h>
#include "ccad_oracle.h"

float sobel_energy(const float *img, int w, int h)
{
    float *out = malloc((size_t)w * h * sizeof *out), e = 0.0f;
#pragma omp parallel for
    for (int q = 0; q < w * h; q++) out[q] = img[q] * img[q];
#pragma omp parallel for reduction(+:e)
    for (int y = 1; y < h - 1; y++)
        for (int x = 1; x < w - 1; x++) {
            const float *p = out + y * w + x;
            float gx = (p[-w + 1] + 2.0f * p[1] + p[w + 1]) - (p[-w - 1] + 2.0f * p[-1] + p[w - 1]);
            float gy = (p[w - 1] + 2.0f * p[w] + p[w + 1]) - (p[-w - 1] + 2.0f * p[-w] + p[-w + 1]);
            e += sqrtf(gx * gx + gy * gy + 1e-3f);
        }
    free(out);
    return e;
}
#pragma ad grad(sobel_energy) wrt(img[w*h])
#include "omp_local_scatter_atomics_slow.ad.h"

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
int main(void)
{
    enum { W = 256, H = 256 };
    static float img[W * H], g[W * H];
    for (int q = 0; q < W * H; q++) img[q] = sinf(0.01f * q);
    volatile float sink = 0.0f;
    double t0 = now();
    for (int r = 0; r < 10; r++) sink = sobel_energy(img, W, H);
    double t1 = now();
    for (int r = 0; r < 10; r++) sink = sobel_energy_grad(img, g, W, H);
    double t2 = now();
    (void)sink;
    printf("grad/f ratio %.2f\n", (t2 - t1) / (t1 - t0));
    /* the gradient is right (realc/image_blur_sobel.c checks the same code against
     * double central differences); here only the value and the timing matter */
    CHECK_CLOSE("primal", sobel_energy_grad(img, g, W, H), sobel_energy(img, W, H), 1e-6, 0);
    return oracle_result();
}
