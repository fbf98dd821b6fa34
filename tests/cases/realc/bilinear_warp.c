/*
** realc/bilinear_warp: image registration as computer-vision C writes it: an
** affine warp of pixel coordinates, bilinear interpolation with
** int x0 = (int)floorf... of the coordinate, clamping to the border, weights
** from the fractional part, a sum of squared differences against a template.
** Requests: grad of the SSD wrt the six warp parameters (Lucas-Kanade's
** steepest-descent images summed), jacfwd of the warped patch.
** The image size is `#define W 16` / `#define H 12`, as such code names it:
** ccad.h, which FILE.ad.h includes after them, named a prototype parameter W
** (the case did not compile: "expected ';', ',' or ')' before numeric
** constant").
** Oracles: central differences (the bilinear surface is smooth inside a cell;
** h = 1e-7 keeps every sample in its cell, rtol 1e-6); jacfwd = grad's rows
** combined (1e-12).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define W 16
#define H 12
static double sample(const double *img, double x, double y)
{
    if (x < 0) x = 0;
    if (y < 0) y = 0;
    if (x > W - 1.001) x = W - 1.001;
    if (y > H - 1.001) y = H - 1.001;
    int x0 = (int)floor(x), y0 = (int)floor(y);
    double ax = x - x0, ay = y - y0;
    const double *p = img + y0 * W + x0;
    return (1 - ay) * ((1 - ax) * p[0] + ax * p[1]) + ay * ((1 - ax) * p[W] + ax * p[W + 1]);
}
void warp_patch(const double *img, const double *a, int px, int py, int n, double *out)
{
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
            double u = px + i, v = py + j;
            double x = (1 + a[0]) * u + a[1] * v + a[2];
            double y = a[3] * u + (1 + a[4]) * v + a[5];
            out[j * n + i] = sample(img, x, y);
        }
}
double ssd(const double *img, const double *tmpl, const double *a, int px, int py, int n)
{
    double patch[64], e = 0;
    warp_patch(img, a, px, py, n, patch);
    for (int k = 0; k < n * n; k++) e += (patch[k] - tmpl[k]) * (patch[k] - tmpl[k]);
    return e;
}
#pragma ad grad(ssd) wrt(a[6])
#pragma ad jacfwd(warp_patch) wrt(a[6]) out(out[n*n])

#include "bilinear_warp.ad.h"

#define N 5
int main(void)
{
    double img[W * H], tmpl[N * N], a[6] = {0.02, -0.03, 0.37, 0.015, 0.01, -0.21}, g[6], J[N * N * 6], out[N * N];
    for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) img[y * W + x] = sin(0.5 * x) * cos(0.3 * y) + 0.05 * x * y;
    for (int k = 0; k < N * N; k++) tmpl[k] = 0.1 * k;
    double e = ssd_grad(img, tmpl, a, g, 4, 3, N);
    CHECK_CLOSE("primal", e, ssd(img, tmpl, a, 4, 3, N), 1e-15, 0);
    for (int j = 0; j < 6; j++) {
        double ap[6], am[6], h = 1e-7; memcpy(ap, a, sizeof a); memcpy(am, a, sizeof a); ap[j] += h; am[j] -= h;
        CHECK_CLOSE("grad vs fd", g[j], (ssd(img, tmpl, ap, 4, 3, N) - ssd(img, tmpl, am, 4, 3, N)) / (2 * h), 1e-6, 1e-8);
    }
    warp_patch_jacfwd(img, a, 4, 3, N, out, J);
    for (int j = 0; j < 6; j++) {
        double s = 0; for (int k = 0; k < N * N; k++) s += 2 * (out[k] - tmpl[k]) * J[k * 6 + j];
        CHECK_CLOSE("grad = 2 r^T J", g[j], s, 1e-12, 1e-14);
    }
    return oracle_result();
}
