/* drivers with more inputs than one sweep holds (n = 21: several sweeps of lanes):
   hessian, jacfwd, jacrev of a vector function, hvp, and vmap(hessian) with the
   matrix batched, against closed forms. f = sum_i sin(x_i) x_{i+1}^2 (cyclic). */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

enum { N = 21 };

double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += sin(x[i]) * x[(i + 1) % n] * x[(i + 1) % n];
    return s;
}

void F(const double *x, int n, double *y)
{
    for (int i = 0; i < n; i++) y[i] = x[i] * x[(i + 5) % n] + cos(x[(i + 11) % n]);
}

#pragma ad hessian(f) wrt(x[n])
#pragma ad hvp(f) wrt(x[n])
#pragma ad jacfwd(F) wrt(x[n]) out(y[n])
#pragma ad jacrev(F) wrt(x[n]) out(y[n])
#pragma ad vmap(hessian(f)) wrt(x[n]) batch(x[n])

#include "lanes_vmap_hessian.ad.h"

static void hess(const double *x, double *H)
{
    memset(H, 0, sizeof(double) * N * N);
    for (int i = 0; i < N; i++) {
        int j = (i + 1) % N;
        H[i * N + i] += -sin(x[i]) * x[j] * x[j];
        H[i * N + j] += 2 * cos(x[i]) * x[j];
        H[j * N + i] += 2 * cos(x[i]) * x[j];
        H[j * N + j] += 2 * sin(x[i]);
    }
}

static double x[N], H[N * N], Hw[N * N], J[N * N], Jr[N * N], Jw[N * N], y[N], X[2 * N], HB[2 * N * N], R[2];

int main(void)
{
    for (int i = 0; i < N; i++) x[i] = 0.15 * i - 1.3;
    hess(x, Hw);
    f_hessian(x, N, H);
    CHECK_VEC_CLOSE("hessian n=21", H, Hw, N * N, 1e-12, 1e-14);
    double v[N], hv[N], Hv[N] = {0};
    for (int i = 0; i < N; i++) v[i] = cos(i);
    f_hvp(x, v, hv, N);
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) Hv[i] += Hw[i * N + j] * v[j];
    CHECK_VEC_CLOSE("hvp n=21", hv, Hv, N, 1e-12, 1e-14);
    for (int i = 0; i < N; i++) {
        Jw[i * N + i] += x[(i + 5) % N];
        Jw[i * N + (i + 5) % N] += x[i];
        Jw[i * N + (i + 11) % N] += -sin(x[(i + 11) % N]);
    }
    F_jacfwd(x, N, y, J);
    F_jacrev(x, N, y, Jr);
    CHECK_VEC_CLOSE("jacfwd n=21", J, Jw, N * N, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jacrev n=21", Jr, Jw, N * N, 1e-12, 1e-14);
    for (int i = 0; i < 2 * N; i++) X[i] = 0.1 * i - 2;
    f_hessian_vmap(2, X, N, HB, R);
    for (int b = 0; b < 2; b++) {
        hess(X + b * N, Hw);
        CHECK_VEC_CLOSE("vmap(hessian) n=21", HB + b * N * N, Hw, N * N, 1e-12, 1e-14);
        CHECK_CLOSE("vmap(hessian) ret", R[b], f(X + b * N, N), 1e-14, 0);
    }
    return oracle_result();
}
