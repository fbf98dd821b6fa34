// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** grad/omp_clamped_scatter: a vertical blur over a malloc'd intermediate
** with clamped rows (`t[CLAMP(y + i, 0, h - 1) * w + x]`), in an OpenMP
** loop over rows with schedule(static, 1), so neighbouring rows run on
** different threads. The adjoint of the intermediate is a scatter whose
** index holds a ?: ; it was not recognised as an accumulation (structural
** equality of expressions did not know ?:), so the backward loop left
** `t_bar[..] = t_bar[..] + ..` plain: a race that lost updates under two
** threads (a gradient off by O(1)). Now atomic.
** Oracles: the gradient under 2 and 4 threads equals the one-thread
** gradient (1e-12: only the order of the additions differs), 40 times
** (a race shows in some runs only);
** the one-thread gradient against central differences (1e-6).
*/
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "ccad_oracle.h"

#define CLAMP(v, lo, hi) ((v) < (lo) ? (lo) : (v) > (hi) ? (hi) : (v))

double vblur_energy(const double *img, int w, int h)
{
    double *t = malloc((size_t)w * h * sizeof *t), e = 0.0;
    for (int q = 0; q < w * h; q++) t[q] = img[q] * img[q];
#pragma omp parallel for schedule(static, 1) reduction(+:e)
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double s = 0.0;
            for (int i = -2; i <= 2; i++) s += (3.0 - fabs((double)i)) * t[CLAMP(y + i, 0, h - 1) * w + x];
            e += s * s;
        }
    free(t);
    return e;
}

#pragma ad grad(vblur_energy) wrt(img[w*h])

#include "omp_clamped_scatter.ad.h"

#define W 64
#define H 512
int main(void)
{
    static double img[W * H], g1[W * H], g[W * H];
    for (int q = 0; q < W * H; q++) img[q] = sin(0.37 * q) + 0.5 * cos(0.011 * q);
    omp_set_num_threads(1);
    double v = vblur_energy_grad(img, g1, W, H);
    CHECK_CLOSE("primal", v, vblur_energy(img, W, H), 1e-13, 0);
    int bad = 0;
    for (int rep = 0; rep < 40; rep++) {
        omp_set_num_threads(rep % 2 ? 4 : 2);
        vblur_energy_grad(img, g, W, H);
        for (int q = 0; q < W * H; q++)
            if (!oracle_close(g[q], g1[q], 1e-12, 1e-12 * fabs(v) / (W * H))) bad++;
    }
    CHECK_EQ_INT("entries that differ from the one-thread gradient", bad, 0);
    omp_set_num_threads(1);
    for (int q = 0; q < W * H; q += 97) {
        double s = img[q], hh = 1e-6;
        img[q] = s + hh; double fp = vblur_energy(img, W, H);
        img[q] = s - hh; double fm = vblur_energy(img, W, H);
        img[q] = s;
        /* rounding in f(x +- h): ~eps * |f| / h = 2e-10 |f| */
        CHECK_CLOSE("grad fd", g1[q], (fp - fm) / (2 * hh), 1e-6, 1e-9 * fabs(v));
    }
    return oracle_result();
}
