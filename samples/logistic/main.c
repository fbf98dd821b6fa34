/* main.c - the bifurcation diagram of the logistic map and its Lyapunov
 * exponent (seed 002), drawn with PLplot into logistic.png.
 *
 *   ./logistic                  2000 values of a in [2.5, 4], 1000 warm-up
 *                               steps, 1000 kept points each
 *   ./logistic --small          200 x 100 (the CTest run)
 *   ./logistic -o FILE.png      where the picture goes
 *
 * Threads: OMP_NUM_THREADS (the vmapped functions are OpenMP loops). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "logistic.ad.h"

#ifdef HAVE_PLPLOT
#include <plplot.h>
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "logistic: FAILED: %s\n", what);
        failures++;
    }
}

#ifdef HAVE_PLPLOT
/* The diagram above, as a density image (points per pixel, log scale:
 * plotting 2 million symbols one by one takes a minute), the exponent
 * below; 1200 x 900 pixels. */
static void draw(const char *file, int na, int keep, const double *a, const double *xs,
                 const double *lyap)
{
    /* one column per value of a, up to the panel's ~1000 pixels */
    const int NX = na < 1000 ? na : 1000, NY = 500;
    PLFLT **z;
    plAlloc2dGrid(&z, NX, NY);
    double zmax = 0.0;
    for (int j = 0; j < na; j++) {
        int ix = (int)((a[j] - 2.5) / 1.5 * NX);
        for (int i = 0; i < keep && ix >= 0 && ix < NX; i++) {
            int iy = (int)(xs[(size_t)j * keep + i] * NY);
            if (iy >= 0 && iy < NY) z[ix][iy] += 1.0;
        }
    }
    for (int ix = 0; ix < NX; ix++)
        for (int iy = 0; iy < NY; iy++) {
            z[ix][iy] = z[ix][iy] > 0.0 ? 1.0 + log(z[ix][iy]) : 0.0;
            zmax = z[ix][iy] > zmax ? z[ix][iy] : zmax;
        }
    plsdev("pngcairo");
    plsfnam(file);
    plspage(0.0, 0.0, 1200, 900, 0, 0);
    plscolbg(255, 255, 255);
    plscol0(1, 0, 0, 0);
    plscol0(3, 200, 30, 30);
    plinit();
    /* white for no point, to dark blue for many */
    PLFLT pos[2] = {0.0, 1.0}, r[2] = {1.0, 0.05}, g[2] = {1.0, 0.1}, b[2] = {1.0, 0.45};
    plscmap1l(1, 2, pos, r, g, b, NULL);
    pladv(0);
    plcol0(1);
    plvpor(0.1, 0.97, 0.42, 0.93);
    plwind(2.5, 4.0, 0.0, 1.0);
    plimage((const PLFLT *const *)z, NX, NY, 2.5, 4.0, 0.0, 1.0, 0.0, zmax > 0.0 ? zmax : 1.0, 2.5, 4.0, 0.0, 1.0);
    plbox("bcnst", 0.0, 0, "bcnstv", 0.0, 0);
    pllab("", "x", "logistic map x -> a x (1 - x): bifurcation diagram and Lyapunov exponent");
    plvpor(0.1, 0.97, 0.09, 0.33);
    plwind(2.5, 4.0, -2.0, 1.0);
    plbox("bcnst", 0.0, 0, "bcnstv", 0.0, 0);
    pllab("a", "Lyapunov exp.", "");
    double zx[2] = {2.5, 4.0}, zy[2] = {0.0, 0.0};
    pllsty(2);
    plline(2, zx, zy);
    pllsty(1);
    plcol0(3);
    double *ly = malloc((size_t)na * sizeof *ly);
    for (int j = 0; j < na; j++)
        ly[j] = lyap[j] < -2.0 ? -2.0 : lyap[j];  /* -inf at superstable points */
    plline(na, (double *)a, ly);
    plend();
    free(ly);
    plFree2dGrid(z, NX, NY);
}
#endif

int main(int argc, char **argv)
{
    int na = 2000, keep = 1000, warmup = 1000;
    const char *png = "logistic.png";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--small")) {
            na = 200;
            keep = 100;
            warmup = 200;
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            png = argv[++i];
        } else {
            fprintf(stderr, "usage: logistic [--small] [-o FILE.png]\n");
            return 2;
        }
    }
    double *a = malloc((size_t)na * sizeof *a);
    double *xs = malloc((size_t)na * keep * sizeof *xs);
    for (int j = 0; j < na; j++)
        a[j] = 2.5 + 1.5 * j / na;  /* [2.5, 4): from 0.5, a = 4 goes to 1, then 0 */

    /* the diagram: every a at once */
    double t0 = now();
    orbit_vmap(na, a, 0.5, warmup, keep, xs);
    double t_diagram = now() - t0;

    /* the derivative of the map at every kept point, also at once:
     * vmap(jvp(step)); the exponent is the mean of log |f'(x_i)| */
    size_t np = (size_t)na * keep;
    double *ones = malloc(np * sizeof *ones), *arep = malloc(np * sizeof *arep);
    double *dx = malloc(np * sizeof *dx), *next = malloc(np * sizeof *next);
    double *lyap = malloc((size_t)na * sizeof *lyap);
    for (size_t k = 0; k < np; k++) {
        ones[k] = 1.0;
        arep[k] = a[k / keep];
    }
    t0 = now();
    step_jvp_vmap((int)np, xs, ones, arep, dx, next);
    for (int j = 0; j < na; j++) {
        double s = 0.0;
        for (int i = 0; i < keep; i++)
            s += log(fabs(dx[(size_t)j * keep + i]));
        lyap[j] = s / keep;
    }
    double t_lyap = now() - t0;
    printf("logistic: %d values of a, %d warm-up steps, %d kept points: diagram %.3f s, "
           "Lyapunov exponent %.3f s\n", na, warmup, keep, t_diagram, t_lyap);

    /* checks: the derivative is a (1 - 2 x); the orbit's next point; the
     * fixed point 1 - 1/a below a = 3 (exponent log |2 - a|), period 2 at
     * a = 3.2, chaos at a = 4 (exponent log 2) */
    int same = 1;
    for (size_t k = 0; k < np; k += 97)
        same &= fabs(dx[k] - arep[k] * (1.0 - 2.0 * xs[k])) <= 1e-14 * (1.0 + arep[k]);
    check(same, "step_jvp = a (1 - 2 x)");
    for (size_t k = 0; k + 1 < np; k += 101)
        if ((k + 1) % keep) check(next[k] == xs[k + 1], "step_jvp's value is the next point of the orbit");
    int j25 = 0, j32 = (int)lround((3.2 - 2.5) / 1.5 * na);
    check(fabs(xs[(size_t)j25 * keep + keep - 1] - 0.6) < 1e-9, "a = 2.5 settles on x = 0.6");
    check(fabs(lyap[j25] - log(0.5)) < 1e-6, "a = 2.5: exponent log 0.5");
    double a32 = a[j32];
    const double *o = xs + (size_t)j32 * keep;
    check(fabs(o[keep - 1] - o[keep - 3]) < 1e-9 && fabs(o[keep - 1] - o[keep - 2]) > 0.1,
          "a near 3.2: a 2-cycle");
    check(lyap[j32] < 0.0, "a near 3.2: negative exponent");
    /* a = 4, from 0.3: a long chaotic orbit, one jvp per point */
    enum { LONG = 200000 };
    double *lo = malloc(LONG * sizeof *lo), l4 = 0.0;
    orbit(4.0, 0.3, 100, LONG, lo);
    for (int i = 0; i < LONG; i++) {
        double d;
        step_jvp(lo[i], 1.0, 4.0, &d);
        l4 += log(fabs(d));
    }
    l4 /= LONG;
    free(lo);
    check(fabs(l4 - log(2.0)) < 0.02, "a = 4: exponent log 2");
    printf("logistic: a = 2.5: x = %.6f, exponent %.6f (log 0.5 = %.6f); a = %.4f: 2-cycle %.4f, %.4f; "
           "a = 4: exponent %.4f (log 2 = %.4f)\n",
           xs[keep - 1], lyap[j25], log(0.5), a32, o[keep - 2], o[keep - 1], l4, log(2.0));

#ifdef HAVE_PLPLOT
    t0 = now();
    draw(png, na, keep, a, xs, lyap);
    printf("logistic: wrote %s (1200 x 900) in %.2f s\n", png, now() - t0);
#else
    (void)png;
    printf("logistic: built without PLplot: no picture (scripts/setup.sh installs libplplot-dev)\n");
#endif
    free(a); free(xs); free(ones); free(arep); free(dx); free(next); free(lyap);
    if (failures) return 1;
    printf("logistic: PASS\n");
    return 0;
}
