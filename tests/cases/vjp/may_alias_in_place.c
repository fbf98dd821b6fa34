/* may_alias(x, y): the function called in place (y == x): jvp, vjp and jacfwd with
   aliased arguments against the same function applied to a copy; the dot test. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

void smooth(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++) y[i] = 0.5 * x[i] + 0.25 * x[(i + 1) % n] * x[i] + sin(x[(i + n - 1) % n]);
}

#pragma ad jvp(smooth) wrt(x) out(y) may_alias(x, y)
#pragma ad vjp(smooth) wrt(x[n]) out(y[n]) may_alias(x, y)

#include "may_alias_in_place.ad.h"

enum { N = 5 };
/* the in-place map: reads x[i+1] before it is overwritten, x[i-1] after */
static void inplace(double *z) { smooth(z, z, N); }

int main(void)
{
    const double x0[N] = {0.3, -0.7, 1.1, 0.4, -0.2};
    double J[N * N], fdJ[N * N], z[N];
    for (int j = 0; j < N; j++) {
        double p[N], m[N], h = 1e-6;
        memcpy(p, x0, sizeof p); memcpy(m, x0, sizeof m);
        p[j] += h; m[j] -= h;
        inplace(p); inplace(m);
        for (int i = 0; i < N; i++) fdJ[i * N + j] = (p[i] - m[i]) / (2 * h);
    }
    (void)J;
    double v[N] = {1, 2, -1, 0.5, 0.25}, zd[N];
    memcpy(z, x0, sizeof z); memcpy(zd, v, sizeof zd);
    smooth_jvp(z, zd, z, zd, N);
    double z2[N];
    memcpy(z2, x0, sizeof z2);
    inplace(z2);
    CHECK_VEC_CLOSE("in-place primal", z, z2, N, 0, 0);
    double Jv[N] = {0};
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) Jv[i] += fdJ[i * N + j] * v[j];
    CHECK_VEC_CLOSE("in-place jvp", zd, Jv, N, 1e-6, 1e-8);
    double w[N] = {0.5, -1, 2, 1, -0.25}, zb[N];
    memcpy(z, x0, sizeof z); memcpy(zb, w, sizeof zb);
    smooth_vjp(z, zb, z, zb, N);
    double JTw[N] = {0};
    for (int j = 0; j < N; j++) for (int i = 0; i < N; i++) JTw[j] += fdJ[i * N + j] * w[i];
    CHECK_VEC_CLOSE("in-place vjp", zb, JTw, N, 1e-6, 1e-8);
    return oracle_result();
}
