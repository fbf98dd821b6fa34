// CFLAGS: -fopenmp
// LIBS: -fopenmp
// CCAD-ARGS: --deterministic
/*
** grad/omp_deterministic: with --deterministic the gradient of a function
** with OpenMP reductions and shared accumulations (a scale every iteration
** reads, a weight vector indexed modulo its length) is bitwise the same
** under 1, 2, 3 and 4 threads, and right (central differences).
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

double fit(const double *x, const double *w, double scale, int n)
{
    double s = 0.0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++) {
        double r = scale * w[i % 7] * x[i] - sin(x[i]);
        s += r * r;
    }
    return s / n;
}

#pragma ad grad(fit) wrt(x[n], w[7], scale)

#include "omp_deterministic.ad.h"

enum { N = 20000, P = N + 7 + 1 };

static void gradient(const double *p, double *g)
{
    memset(g, 0, sizeof(double) * P);
    fit_grad(p, g, p + N, g + N, p[P - 1], &g[P - 1], N);
}

int main(void)
{
    OracleRng r = oracle_rng(1406);
    static double p[P], g1[P], g[P], q[P];
    oracle_fill_normal(&r, p, P);
    omp_set_num_threads(1);
    gradient(p, g1);
    for (int t = 2; t <= 4; t++) {
        omp_set_num_threads(t);
        gradient(p, g);
        oracle_check_identical("bitwise across threads", g, g1, P);
    }
    int ks[4] = {0, N - 1, N + 3, P - 1};
    for (int j = 0; j < 4; j++) {
        int k = ks[j];
        double h = cbrt(2.2e-16) * fmax(1.0, fabs(p[k]));
        memcpy(q, p, sizeof q);
        q[k] = p[k] + h;
        double fp = fit(q, q + N, q[P - 1], N);
        q[k] = p[k] - h;
        double fm = fit(q, q + N, q[P - 1], N);
        CHECK_CLOSE("grad vs fd", g1[k], (fp - fm) / (2 * h), 1e-6, 1e-8);
    }
    return oracle_result();
}
