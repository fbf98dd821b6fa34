// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/omp_loops: jacfwd (vector sweeps), jacrev, hessian and hvp of
** functions with '#pragma omp parallel for' loops (a reduction, a
** neighbour coupling), under 1, 2 and 4 threads, against closed forms:
**   g(x)_i = x_i x_{i+1 mod n}          J_ii = x_{i+1}, J_i,i+1 = x_i
**   f(x) = sum x_i^2 x_{i+1 mod n}      H_ii = 2 x_{i+1}, H_i,i+1 = H_i+1,i = 2 x_i
**   h(x)_i = (sum x_k^2) x_i            J_ik = 2 x_k x_i + [i == k] sum x^2
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

void g(const double *x, double *y, int n)
{
#pragma omp parallel for
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[(i + 1) % n];
}

double f(const double *x, int n)
{
    double s = 0.0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * x[(i + 1) % n];
    return s;
}

void h(const double *x, double *y, int n)
{
    double s = 0.0;
#pragma omp parallel for reduction(+:s) schedule(static)
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
#pragma omp parallel for
    for (int i = 0; i < n; i++)
        y[i] = s * x[i];
}

#pragma ad jacfwd(g) wrt(x[n]) out(y[n])
#pragma ad jacrev(g) wrt(x[n]) out(y[n])
#pragma ad hessian(f) wrt(x[n])
#pragma ad hvp(f) wrt(x[n])
#pragma ad jacfwd(h) wrt(x[n]) out(y[n])
#pragma ad jacrev(h) wrt(x[n]) out(y[n])

#include "omp_loops.ad.h"

enum { N = 11 };

int main(void)
{
    OracleRng r = oracle_rng(1414);
    double x[N], y[N], v[N], J[N * N], H[N * N], hv[N], want[N * N];
    oracle_fill_normal(&r, x, N);
    oracle_fill_normal(&r, v, N);
    double ss = oracle_dot(x, x, N);
    int threads[3] = {1, 2, 4};
    for (int t = 0; t < 3; t++) {
        omp_set_num_threads(threads[t]);
        memset(want, 0, sizeof want);
        for (int i = 0; i < N; i++) {
            want[i * N + i] += x[(i + 1) % N];
            want[i * N + (i + 1) % N] += x[i];
        }
        g_jacfwd(x, y, N, J);
        oracle_check_vec("g jacfwd", J, want, N * N, 1e-12, 1e-14);
        g_jacrev(x, y, N, J);
        oracle_check_vec("g jacrev", J, want, N * N, 1e-12, 1e-14);
        memset(want, 0, sizeof want);
        for (int i = 0; i < N; i++) {
            int j = (i + 1) % N;
            want[i * N + i] += 2 * x[j];
            want[i * N + j] += 2 * x[i];
            want[j * N + i] += 2 * x[i];
        }
        f_hessian(x, N, H);
        oracle_check_vec("f hessian", H, want, N * N, 1e-12, 1e-13);
        f_hvp(x, v, hv, N);
        for (int i = 0; i < N; i++) {
            double w = 0;
            for (int k = 0; k < N; k++) w += want[i * N + k] * v[k];
            CHECK_CLOSE("f hvp", hv[i], w, 1e-12, 1e-13);
        }
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) want[i * N + k] = 2 * x[k] * x[i] + (i == k ? ss : 0.0);
        h_jacfwd(x, y, N, J);
        oracle_check_vec("h jacfwd", J, want, N * N, 1e-12, 1e-13);
        h_jacrev(x, y, N, J);
        oracle_check_vec("h jacrev", J, want, N * N, 1e-12, 1e-13);
    }
    return oracle_result();
}
