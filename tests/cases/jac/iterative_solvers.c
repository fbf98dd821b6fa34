/* iterative solvers differentiated through: Newton sqrt with a convergence test
   (while on active values), a loop bound re-evaluated each iteration from active
   data (k < (int)vmax(w, n) with w changing), vmap(grad) where elements take
   different trip counts; oracles: closed forms 1/(2 sqrt a), FD. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

double newton_sqrt(double a)
{
    double x = a > 1 ? a : 1.0, dx;
    do {
        dx = (x * x - a) / (2 * x);
        x -= dx;
    } while (fabs(dx) > 1e-15 * x);
    return x;
}

static double vmax(const double *z, int n)
{
    double m = z[0];
    for (int i = 1; i < n; i++) m = fmax(m, z[i]);
    return m;
}

double shrink(const double *z, int n)
{
    double w[8];
    for (int i = 0; i < n; i++) w[i] = z[i];
    for (int k = 0; k < (int)vmax(w, n); k++)
        for (int i = 0; i < n; i++) w[i] = 0.8 * w[i] + 0.05 * w[(i + 1) % n] * w[i];
    double s = 0;
    for (int i = 0; i < n; i++) s += w[i] * w[i];
    return s;
}

#pragma ad grad(newton_sqrt)
#pragma ad jvp(newton_sqrt)
#pragma ad hessian(newton_sqrt)
#pragma ad vmap(newton_sqrt_grad) batch(a)
#pragma ad grad(shrink) wrt(z[n])
#pragma ad jvp(shrink) wrt(z)
#pragma ad vmap(shrink_grad) batch(z[n])
#pragma ad hessian(shrink) wrt(z[n])

#include "iterative_solvers.ad.h"

int main(void)
{
    const double as[5] = {0.01, 0.5, 2.0, 9.0, 1e4};
    double A[5], AB[5], R[5];
    memcpy(A, as, sizeof A);
    newton_sqrt_grad_vmap(5, A, AB, R);
    for (int i = 0; i < 5; i++) {
        double ab = 7, t, H;
        double r = newton_sqrt_grad(as[i], &ab);
        CHECK_CLOSE("newton primal", r, sqrt(as[i]), 1e-15, 0);
        CHECK_CLOSE("newton grad", ab, 0.5 / sqrt(as[i]), 1e-10, 0);
        newton_sqrt_jvp(as[i], 1.0, &t);
        CHECK_CLOSE("newton jvp", t, 0.5 / sqrt(as[i]), 1e-10, 0);
        newton_sqrt_hessian(as[i], &H);
        CHECK_CLOSE("newton hessian", H, -0.25 / (as[i] * sqrt(as[i])), 1e-8, 0);
        CHECK_CLOSE("vmap newton ret", R[i], r, 0, 0);
        CHECK_CLOSE("vmap newton grad", AB[i], ab, 0, 0);
    }
    enum { N = 5 };
    const double zs[3][N] = {{0.3, 2.7, 1.1, -0.4, 0.9}, {4.5, 0.2, 0.3, 0.1, 3.0}, {0.2, 0.1, 0.5, 0.9, -1}};
    double Z[3 * N], ZB[3 * N], RZ[3];
    memcpy(Z, zs, sizeof Z);
    shrink_grad_vmap(3, Z, ZB, N, RZ);
    for (int p = 0; p < 3; p++) {
        double g[N], fd[N], H[N * N];
        double r = shrink_grad(zs[p], g, N);
        CHECK_CLOSE("shrink primal", r, shrink(zs[p], N), 0, 0);
        for (int j = 0; j < N; j++) {
            double zp[N], zm[N], h = 1e-6;
            memcpy(zp, zs[p], sizeof zp); memcpy(zm, zs[p], sizeof zm);
            zp[j] += h; zm[j] -= h;
            fd[j] = (shrink(zp, N) - shrink(zm, N)) / (2 * h);
        }
        CHECK_VEC_CLOSE("shrink grad vs fd", g, fd, N, 1e-6, 1e-8);
        CHECK_VEC_CLOSE("vmap shrink grad", ZB + N * p, g, N, 0, 0);
        CHECK_CLOSE("vmap shrink ret", RZ[p], r, 0, 0);
        double v[N] = {1, 2, 3, 4, 5}, t, dot = 0;
        shrink_jvp(zs[p], v, N, &t);
        for (int j = 0; j < N; j++) dot += v[j] * g[j];
        CHECK_CLOSE("shrink jvp", t, dot, 1e-12, 1e-14);
        shrink_hessian(zs[p], N, H);
        for (int j = 0; j < N; j++) {
            double zp[N], zm[N], gp[N], gm[N], h = 1e-5;
            memcpy(zp, zs[p], sizeof zp); memcpy(zm, zs[p], sizeof zm);
            zp[j] += h; zm[j] -= h;
            shrink_grad(zp, gp, N); shrink_grad(zm, gm, N);
            for (int i = 0; i < N; i++) CHECK_CLOSE("shrink hessian", H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
        }
    }
    return oracle_result();
}
