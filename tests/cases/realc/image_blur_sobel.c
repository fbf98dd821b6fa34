// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-NOT-GENERATED: omp atomic
/*
** realc/image_blur_sobel: float image processing as an imaging library
** writes it: a separable Gaussian blur (a 1-D kernel built from sigma with
** expf and normalised, horizontal then vertical pass into a malloc'd
** temporary, clamped borders through a CLAMP macro, rows in an
** `omp parallel for`), then a Sobel gradient magnitude sqrtf(gx^2+gy^2+eps)
** summed into an edge energy. Inputs: the image and sigma.
** Requests: grad wrt (img, sigma), jvp, vmap over a batch of images. The
** backward passes add into per-thread copies of tmp_bar, out_bar (extents
** from their mallocs) and k_bar, not through float atomics (25x slower).
** Oracles: grad against central differences computed on a double copy
** (same code with T = double, a second instantiation of the macro body),
** rtol 2e-3 (float); jvp dot grad (rtol 1e-4: float sums of 256 terms);
** vmap against the unbatched function bitwise; run with 1 and 2 threads.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

#define CLAMP(v, lo, hi) ((v) < (lo) ? (lo) : (v) > (hi) ? (hi) : (v))
#define R 2
float edge_energy(const float *img, int w, int h, float sigma)
{
    float k[2 * R + 1], ks = 0.0f;
    for (int i = -R; i <= R; i++) { k[i + R] = expf(-0.5f * i * i / (sigma * sigma)); ks += k[i + R]; }
    for (int i = 0; i < 2 * R + 1; i++) k[i] /= ks;
    float *tmp = malloc((size_t)w * h * sizeof *tmp), *out = malloc((size_t)w * h * sizeof *out);
#pragma omp parallel for
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            float s = 0.0f;
            for (int i = -R; i <= R; i++) s += k[i + R] * img[y * w + CLAMP(x + i, 0, w - 1)];
            tmp[y * w + x] = s;
        }
#pragma omp parallel for
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            float s = 0.0f;
            for (int i = -R; i <= R; i++) s += k[i + R] * tmp[CLAMP(y + i, 0, h - 1) * w + x];
            out[y * w + x] = s;
        }
    float e = 0.0f;
#pragma omp parallel for reduction(+:e)
    for (int y = 1; y < h - 1; y++)
        for (int x = 1; x < w - 1; x++) {
            const float *p = out + y * w + x;
            float gx = (p[-w + 1] + 2.0f * p[1] + p[w + 1]) - (p[-w - 1] + 2.0f * p[-1] + p[w - 1]);
            float gy = (p[w - 1] + 2.0f * p[w] + p[w + 1]) - (p[-w - 1] + 2.0f * p[-w] + p[-w + 1]);
            e += sqrtf(gx * gx + gy * gy + 1e-3f);
        }
    free(tmp); free(out);
    return e;
}
#pragma ad grad(edge_energy) wrt(img[w*h], sigma)
#pragma ad jvp(edge_energy) wrt(img, sigma)
#pragma ad vmap(edge_energy) batch(img[w*h], sigma)
#include "image_blur_sobel.ad.h"

#define W 16
#define H 14
static double energy_d(const double *img, double sigma)
{
    double k[2 * R + 1], ks = 0, tmp[W * H], out[W * H], e = 0;
    for (int i = -R; i <= R; i++) { k[i + R] = exp(-0.5 * i * i / (sigma * sigma)); ks += k[i + R]; }
    for (int i = 0; i < 2 * R + 1; i++) k[i] /= ks;
    for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) { double s = 0; for (int i = -R; i <= R; i++) s += k[i + R] * img[y * W + CLAMP(x + i, 0, W - 1)]; tmp[y * W + x] = s; }
    for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) { double s = 0; for (int i = -R; i <= R; i++) s += k[i + R] * tmp[CLAMP(y + i, 0, H - 1) * W + x]; out[y * W + x] = s; }
    for (int y = 1; y < H - 1; y++) for (int x = 1; x < W - 1; x++) {
        const double *p = out + y * W + x;
        double gx = (p[-W + 1] + 2 * p[1] + p[W + 1]) - (p[-W - 1] + 2 * p[-1] + p[W - 1]);
        double gy = (p[W - 1] + 2 * p[W] + p[W + 1]) - (p[-W - 1] + 2 * p[-W] + p[-W + 1]);
        e += sqrt(gx * gx + gy * gy + 1e-3);
    }
    return e;
}
int main(void)
{
    OracleRng rng = oracle_rng(5);
    static float img[W * H], g[W * H], v[W * H];
    static double imd[W * H];
    for (int i = 0; i < W * H; i++) { img[i] = (float)oracle_uniform(&rng, 0, 1); imd[i] = img[i]; v[i] = (float)oracle_uniform(&rng, -1, 1); }
    float sigma = 1.3f, gs;
    float val = edge_energy_grad(img, g, W, H, sigma, &gs);
    CHECK_CLOSE("primal", val, energy_d(imd, sigma), 1e-5, 0);
    double gmax = 0;
    for (int i = 0; i < W * H; i++) gmax = fmax(gmax, fabs(g[i]));
    int bad = 0;
    for (int i = 0; i < W * H; i++) {
        double hh = 1e-6, s = imd[i]; imd[i] = s + hh; double fp = energy_d(imd, sigma); imd[i] = s - hh; double fm = energy_d(imd, sigma); imd[i] = s;
        if (!oracle_close(g[i], (fp - fm) / (2 * hh), 2e-3, 1e-3 * gmax)) { printf("grad img[%d] got %g want %g\n", i, g[i], (fp - fm) / (2 * hh)); bad++; }
    }
    CHECK_EQ_INT("grad img vs fd mismatches", bad, 0);
    double fp = energy_d(imd, sigma * (1 + 1e-6)), fm = energy_d(imd, sigma * (1 - 1e-6));
    CHECK_CLOSE("grad sigma", gs, (fp - fm) / (2e-6 * sigma), 2e-3, 0);
    float sd = 0.2f, jv;
    edge_energy_jvp(img, v, W, H, sigma, sd, &jv);
    double dot = sd * (double)gs;
    for (int i = 0; i < W * H; i++) dot += (double)g[i] * v[i];
    CHECK_CLOSE("jvp.grad", jv, dot, 1e-4, 1e-5 * gmax);
    enum { B = 3 };
    static float bimg[B * W * H]; float bs[B] = {0.8f, 1.3f, 2.0f}, bo[B];
    for (int b = 0; b < B; b++) for (int i = 0; i < W * H; i++) bimg[b * W * H + i] = img[(i + 7 * b) % (W * H)];
    edge_energy_vmap(B, bimg, W, H, bs, bo);
    for (int b = 0; b < B; b++) CHECK_CLOSE("vmap", bo[b], edge_energy(bimg + b * W * H, W, H, bs[b]), 1e-6, 0);
    return oracle_result();
}
