/* recursion on data: a divide-and-conquer product-sum over array halves and a
   recursive continued fraction; grad/jvp/hessian vs FD and closed forms. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

static double dc(const double *x, int n)
{
    if (n == 1) return sin(x[0]);
    int h = n / 2;
    double a = dc(x, h), b = dc(x + h, n - h);
    return a * b + a + b;
}

static double cf(const double *x, int k, int n)
{
    if (k == n - 1) return x[k];
    return x[k] + 1.0 / (1.0 + cf(x, k + 1, n) * cf(x, k + 1, n));
}

double top(const double *x, int n) { return dc(x, n) + cf(x, 0, n); }

#pragma ad grad(top) wrt(x[n])
#pragma ad jvp(top) wrt(x)
#pragma ad hessian(top) wrt(x[n])

#include "recursion_on_data.ad.h"

enum { N = 7 };
int main(void)
{
    const double x[N] = {0.3, -0.2, 0.9, 0.4, -0.6, 0.1, 0.5};
    double g[N], fd[N], H[N * N];
    top_grad(x, g, N);
    for (int j = 0; j < N; j++) {
        double p[N], m[N], h = 1e-6;
        memcpy(p, x, sizeof p); memcpy(m, x, sizeof m);
        p[j] += h; m[j] -= h;
        fd[j] = (top(p, N) - top(m, N)) / (2 * h);
    }
    CHECK_VEC_CLOSE("recursive grad vs fd", g, fd, N, 1e-6, 1e-8);
    double v[N] = {1, 2, 3, 4, 5, 6, 7}, t, dot = 0;
    top_jvp(x, v, N, &t);
    for (int j = 0; j < N; j++) dot += g[j] * v[j];
    CHECK_CLOSE("recursive jvp", t, dot, 1e-12, 1e-14);
    top_hessian(x, N, H);
    for (int j = 0; j < N; j++) {
        double p[N], m[N], gp[N], gm[N], h = 1e-5;
        memcpy(p, x, sizeof p); memcpy(m, x, sizeof m);
        p[j] += h; m[j] -= h;
        top_grad(p, gp, N); top_grad(m, gm, N);
        for (int i = 0; i < N; i++) CHECK_CLOSE("recursive hessian", H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
    }
    return oracle_result();
}
