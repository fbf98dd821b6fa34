/* recurrences on an output array (y[i] uses y[i-1] written before, y overwritten
   twice), an output read on entry without being an input (its entry value a
   constant), cumulative product/cumsum like jnp.cumsum/cumprod, in jvp/vjp/jacrev/
   jacfwd/vmap(vjp); oracles: FD and the dot test. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

enum { N = 5 };

void cum(const double *x, double *y, double *z, int n)
{
    y[0] = x[0];
    for (int i = 1; i < n; i++) y[i] = y[i - 1] + x[i];          /* cumsum */
    for (int i = 1; i < n; i++) y[i] = y[i] * (1 + 0.1 * y[i - 1]); /* overwritten, uses new y[i-1] */
    z[0] *= x[0];                                                /* z read on entry: a constant */
    for (int i = 1; i < n; i++) z[i] = z[i - 1] * cos(x[i]);     /* cumprod */
}

#pragma ad jvp(cum) wrt(x) out(y, z[n])
#pragma ad vjp(cum) wrt(x[n]) out(y[n], z[n])
#pragma ad jacrev(cum) wrt(x[n]) out(y[n], z[n])
#pragma ad jacfwd(cum) wrt(x[n]) out(y[n], z[n])

#include "output_recurrences.ad.h"

static void run(const double *x, double *y, double *z) { z[0] = 1.5; cum(x, y, z, N); }

int main(void)
{
    const double x[N] = {0.2, -0.5, 0.9, 0.4, -1.1};
    double J[2 * N * N], Jf[2 * N * N], fdJ[2 * N * N], y[N], z[N];
    z[0] = 1.5; cum_jacrev(x, y, z, N, J);
    z[0] = 1.5; cum_jacfwd(x, y, z, N, Jf);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], yp[N], ym[N], zp[N], zm[N], h = 1e-6;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[j] += h; xm[j] -= h;
        run(xp, yp, zp); run(xm, ym, zm);
        for (int i = 0; i < N; i++) {
            fdJ[i * N + j] = (yp[i] - ym[i]) / (2 * h);
            fdJ[(N + i) * N + j] = (zp[i] - zm[i]) / (2 * h);
        }
    }
    CHECK_VEC_CLOSE("jacrev vs fd", J, fdJ, 2 * N * N, 1e-6, 1e-8);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, J, 2 * N * N, 1e-12, 1e-14);
    double v[N] = {1, 0.5, -0.3, 2, 0.1}, yd[N], zd[N], wy[N] = {1, 2, 3, 4, 5}, wz[N] = {-1, 0.5, 0.25, 1, 2};
    const double wy0[N] = {1, 2, 3, 4, 5}, wz0[N] = {-1, 0.5, 0.25, 1, 2};
    z[0] = 1.5; cum_jvp(x, v, y, yd, z, zd, N);
    double xb[N] = {0};
    z[0] = 1.5; cum_vjp(x, xb, y, wy, z, wz, N);
    double l = 0, r = 0;
    for (int i = 0; i < N; i++) { l += wy0[i] * yd[i] + wz0[i] * zd[i]; r += xb[i] * v[i]; }
    CHECK_CLOSE("dot test", l, r, 1e-12, 1e-14);
    int zeroed = 1;
    for (int i = 0; i < N; i++) zeroed &= wy[i] == 0 && wz[i] == 0;
    CHECK_TRUE("seeds zeroed", zeroed);
    return oracle_result();
}
