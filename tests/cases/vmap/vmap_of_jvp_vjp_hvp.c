/* JAX's jacfwd = vmap(jvp) and jacrev = vmap(vjp) idioms written in C: vmap(f_jvp)
   batching only the tangent (the point shared), vmap(f_vjp) batching only the seed;
   rows/columns compared with jacfwd/jacrev; also vmap(f_hvp) over directions only
   (the Hessian column by column). */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

enum { N = 3 };

double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += exp(0.3 * x[i]) * x[(i + 2) % n];
    return s;
}

void F(const double *x, double *y)
{
    y[0] = x[0] * x[1];
    y[1] = sin(x[2]) + x[0];
}

#pragma ad jvp(f) wrt(x)
#pragma ad vmap(f_jvp) batch(x_dot[n])
#pragma ad hvp(f) wrt(x[n])
#pragma ad vmap(f_hvp) batch(x_v[n], x_hv[n])
#pragma ad hessian(f) wrt(x[n])
#pragma ad vjp(F) wrt(x[3]) out(y[2])
#pragma ad vmap(F_vjp) batch(x_bar[3], y[2], y_bar[2])
#pragma ad jacrev(F) wrt(x[3]) out(y[2])

#include "vmap_of_jvp_vjp_hvp.ad.h"

int main(void)
{
    const double x[N] = {0.4, -0.9, 1.3};
    double E[N * N] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, T[N], R[N], H[N * N], HV[N * N];
    f_jvp_vmap(N, x, E, N, T, R);
    f_hessian(x, N, H);
    double g[N];
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], h = 1e-6;
        memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        xp[j] += h; xm[j] -= h;
        g[j] = (f(xp, N) - f(xm, N)) / (2 * h);
    }
    CHECK_VEC_CLOSE("vmap(jvp) over basis = gradient", T, g, N, 1e-6, 1e-8);
    for (int b = 0; b < N; b++) CHECK_CLOSE("vmap(jvp) ret", R[b], f(x, N), 0, 0);
    double RH[N];
    f_hvp_vmap(N, x, E, HV, N, RH);
    CHECK_VEC_CLOSE("vmap(hvp) over basis = hessian", HV, H, N * N, 1e-12, 1e-14);
    double XB[2 * 3] = {0}, Y[2 * 2], YB[2 * 2] = {1, 0, 0, 1}, J[6];
    F_vjp_vmap(2, x, XB, Y, YB);
    F_jacrev(x, Y, J);
    CHECK_VEC_CLOSE("vmap(vjp) over basis seeds = jacrev rows", XB, J, 6, 1e-14, 0);
    return oracle_result();
}
