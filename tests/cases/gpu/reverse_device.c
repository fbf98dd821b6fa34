/*
** gpu/reverse_device (needs a GPU: only built with -DCCAD_GPU_TESTS=ON, by
** scripts/gpu-check.sh): cuda(f_grad) and cuda(f_hvp) on the device, one
** tape per thread, against the same per-element code on the CPU
** (f_cuda_host) on a large batch, with timings; then an element whose
** tape cannot fit: f_cuda returns cudaErrorMemoryAllocation instead of
** crashing, and the device still works afterwards.
*/
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cuda_runtime.h>

#include "ccad_oracle.h"

double loss(const double *x, double a, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double v = x[i] * a + sin(x[(i + 1) % n]);
        s += v * v + exp(-v);
    }
    /* a data-dependent loop: its trip count is taped */
    double y = s;
    int it = 0;
    while (fabs(y * y - s) > 1e-12 * s && it < 60) {
        y = 0.5 * (y + s / y);
        it++;
    }
    return y;
}

#pragma ad grad(loss) wrt(x[n], a)
#pragma ad hvp(loss) wrt(x[n])
#pragma ad cuda(loss_grad) batch(x[n], a, x_bar[n], a_bar[1])
#pragma ad cuda(loss_hvp) batch(x[n], a, x_v[n], x_hv[n])

#include "reverse_device.ad.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void *dev(const void *h, size_t bytes)
{
    void *d = NULL;
    if (cudaMalloc(&d, bytes) != cudaSuccess) { fprintf(stderr, "cudaMalloc failed\n"); exit(1); }
    if (h) cudaMemcpy(d, h, bytes, cudaMemcpyHostToDevice);
    return d;
}

enum { B = 100000, N = 16 };

int main(void)
{
    OracleRng rng = oracle_rng(3);
    size_t bn = (size_t)B * N;
    double *x = malloc(bn * sizeof *x), *v = malloc(bn * sizeof *v), *a = malloc(B * sizeof *a);
    double *hx = malloc(bn * sizeof *hx), *ha = malloc(B * sizeof *ha), *hr = malloc(B * sizeof *hr);
    double *gx = malloc(bn * sizeof *gx), *ga = malloc(B * sizeof *ga), *gr = malloc(B * sizeof *gr);
    oracle_fill_uniform(&rng, x, bn, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, bn, -1.0, 1.0);
    oracle_fill_uniform(&rng, a, B, 0.2, 3.0);

    double t0 = now();
    loss_grad_cuda_host(B, x, hx, a, ha, N, hr);
    double t_host = now() - t0;

    double *dx = dev(x, bn * 8), *dv = dev(v, bn * 8), *da = dev(a, B * 8);
    double *dgx = dev(NULL, bn * 8), *dga = dev(NULL, B * 8), *dgr = dev(NULL, B * 8);
    CHECK_TRUE("warm-up launch", loss_grad_cuda(B, dx, dgx, da, dga, N, dgr) == 0);
    t0 = now();
    int err = loss_grad_cuda(B, dx, dgx, da, dga, N, dgr);
    double t_dev = now() - t0;
    CHECK_TRUE("loss_grad_cuda succeeds", err == 0);
    cudaMemcpy(gx, dgx, bn * 8, cudaMemcpyDeviceToHost);
    cudaMemcpy(ga, dga, B * 8, cudaMemcpyDeviceToHost);
    cudaMemcpy(gr, dgr, B * 8, cudaMemcpyDeviceToHost);
    /* device code contracts a * b + c into fma: equal to rounding, not bitwise */
    CHECK_VEC_CLOSE("device value = host", gr, hr, B, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("device x_bar = host", gx, hx, bn, 1e-10, 1e-12);
    CHECK_VEC_CLOSE("device a_bar = host", ga, ha, B, 1e-10, 1e-12);
    printf("gpu-check: loss_grad over %d elements of %d: host %.3f s, device %.4f s (%.0fx)\n",
           B, N, t_host, t_dev, t_host / t_dev);

    t0 = now();
    loss_hvp_cuda_host(B, x, v, hx, a, N, hr);
    t_host = now() - t0;
    t0 = now();
    err = loss_hvp_cuda(B, dx, dv, dgx, da, N, dgr);
    t_dev = now() - t0;
    CHECK_TRUE("loss_hvp_cuda succeeds", err == 0);
    cudaMemcpy(gx, dgx, bn * 8, cudaMemcpyDeviceToHost);
    CHECK_VEC_CLOSE("device x_hv = host", gx, hx, bn, 1e-9, 1e-11);
    printf("gpu-check: loss_hvp over %d elements: host %.3f s, device %.4f s (%.0fx)\n",
           B, t_host, t_dev, t_host / t_dev);

    /* out of memory: two elements of 6M values each (48 MB of tape each,
    ** over the 16 MiB arena slice), with a device heap of 1 MiB */
    cudaDeviceSetLimit(cudaLimitMallocHeapSize, (size_t)1 << 20);
    int big = 6000000;
    double *bx = dev(NULL, (size_t)2 * big * 8), *bg = dev(NULL, (size_t)2 * big * 8);
    cudaMemset(bx, 0, (size_t)2 * big * 8);
    err = loss_grad_cuda(2, bx, bg, da, dga, big, dgr);
    printf("gpu-check: an element that cannot fit: error %d (%s)\n", err, cudaGetErrorString((cudaError_t)err));
    CHECK_TRUE("out of memory is cudaErrorMemoryAllocation", err == (int)cudaErrorMemoryAllocation);
    CHECK_TRUE("the device still works", loss_grad_cuda(B, dx, dgx, da, dga, N, dgr) == 0);
    return oracle_result();
}
