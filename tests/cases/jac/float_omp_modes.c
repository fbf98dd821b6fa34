// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/float_omp_modes: float code in an OpenMP loop (reduction(+) of a float,
** a float `omp atomic` into a local histogram, a max reduction computed and
** not used) under grad, jvp, hvp and vmap(grad). Oracles: the float
** gradient against central differences of a double copy (1e-3 relative,
** float rounding), jvp = <grad, v> (1e-4: float products), hvp against
** differences of the float gradient (step 1e-3, 2e-2 relative: float
** rounding over the step), the batched gradient against the unbatched
** (1e-5: atomic float sums add in the threads' order).
** Run also at OMP_NUM_THREADS=1,2,4.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
#define N 64
float ef(const float *x, const float *w, int n)
{
    float s = 0.0f, mx = -1e30f;
    float hist[4] = {0, 0, 0, 0};
#pragma omp parallel for reduction(+:s) reduction(max:mx)
    for (int i = 0; i < n; i++) {
        float t = tanhf(w[0] * x[i] + w[1]);
        s += t * t;
        mx = fmaxf(mx, t);
#pragma omp atomic
        hist[i % 4] += t * w[2];
    }
    return s + hist[0] * hist[1] + hist[2] - hist[3];
}
#pragma ad grad(ef) wrt(x[n], w[3])
#pragma ad jvp(ef) wrt(x[n], w[3])
#pragma ad hvp(ef) wrt(x[n], w[3])
#pragma ad vmap(grad(ef)) wrt(x[n], w[3]) batch(x[n], x_bar[n], w_bar[3])
#include "float_omp_modes.ad.h"
static double efd(const double *x, const double *w, int n) {
    double s = 0, mx = -1e30, h[4] = {0};
    for (int i = 0; i < n; i++) { double t = tanh(w[0] * x[i] + w[1]); s += t * t; mx = fmax(mx, t); h[i % 4] += t * w[2]; }
    return s + h[0] * h[1] + h[2] - h[3];
}
static void flat(void *c, const double *z, double *y) { (void)c; y[0] = efd(z, z + N, N); }
int main(void) {
    float x[N], w[3] = {0.7f, -0.2f, 1.3f}, g[N + 3], v[N + 3];
    double z[N + 3], gfd[N + 3], gd[N + 3];
    for (int i = 0; i < N; i++) { x[i] = (float)sin(0.37 * i); z[i] = x[i]; }
    for (int i = 0; i < 3; i++) z[N + i] = w[i];
    for (int i = 0; i < N + 3; i++) v[i] = (float)cos(0.9 * i);
    ef_grad(x, g, w, g + N, N);
    oracle_fd_grad(flat, NULL, N + 3, z, gfd);
    for (int i = 0; i < N + 3; i++) gd[i] = g[i];
    CHECK_VEC_CLOSE("float grad vs double fd", gd, gfd, N + 3, 1e-3, 1e-4);
    float rd;
    ef_jvp(x, v, w, v + N, N, &rd);
    double dot = 0; for (int i = 0; i < N + 3; i++) dot += (double)g[i] * v[i];
    CHECK_CLOSE("jvp = g.v", rd, dot, 1e-4, 1e-5);
    float hv[N + 3];
    ef_hvp(x, v, hv, w, v + N, hv + N, N);
    /* H v by differences of the float gradient in double steps */
    double hfd[N + 3];
    { float xp[N], xm[N], wp[3], wm[3], gp[N + 3], gm[N + 3]; float h = 1e-3f;
      for (int i = 0; i < N; i++) { xp[i] = x[i] + h * v[i]; xm[i] = x[i] - h * v[i]; }
      for (int i = 0; i < 3; i++) { wp[i] = w[i] + h * v[N + i]; wm[i] = w[i] - h * v[N + i]; }
      ef_grad(xp, gp, wp, gp + N, N); ef_grad(xm, gm, wm, gm + N, N);
      for (int i = 0; i < N + 3; i++) hfd[i] = ((double)gp[i] - gm[i]) / (2 * h); }
    double hvd[N + 3]; for (int i = 0; i < N + 3; i++) hvd[i] = hv[i];
    CHECK_VEC_CLOSE("float hvp vs fd(grad)", hvd, hfd, N + 3, 2e-2, 2e-3);
    enum { B = 3 };
    float xs[B * N], xbs[B * N], wbs[B * 3], rets[B];
    for (int i = 0; i < B * N; i++) xs[i] = (float)sin(0.11 * i + 1);
    ef_grad_vmap(B, xs, xbs, w, wbs, N, rets);
    for (int b = 0; b < B; b++) {
        float gx[N], gw[3]; float fb = ef_grad(xs + b * N, gx, w, gw, N);
        double a1[N + 4], a2[N + 4];
        for (int i = 0; i < N; i++) { a1[i] = xbs[b * N + i]; a2[i] = gx[i]; }
        for (int i = 0; i < 3; i++) { a1[N + i] = wbs[b * 3 + i]; a2[N + i] = gw[i]; }
        a1[N + 3] = rets[b]; a2[N + 3] = fb;
        CHECK_VEC_CLOSE("vmap vs grad", a1, a2, N + 4, 1e-5, 1e-6);
    }
    return oracle_result();
}
