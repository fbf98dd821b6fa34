// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/vla_matrix_modes: a C99 VLA matrix parameter `const double A[n][m]`
** (sizes before it) in grad, hessian, jacrev, vmap and vmap(grad) with
** batch(A[n][m], A_bar[n][m], v_bar[m]). Oracles: central differences
** (1e-6), the hessian against differences of grad (1e-5), jacrev = grad
** (1e-12), the batched functions bitwise against the unbatched ones.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
double quad(int n, int m, const double A[n][m], const double *v)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double r = 0;
        for (int j = 0; j < m; j++) r += A[i][j] * v[j];
        s += r * r + sin(A[i][0]);
    }
    return s;
}
#pragma ad grad(quad) wrt(A[n][m], v[m])
#pragma ad hessian(quad) wrt(A[n][m], v[m])
#pragma ad jacrev(quad) wrt(A[n][m], v[m])
#pragma ad vmap(quad) batch(A[n][m])
#pragma ad vmap(quad_grad) batch(A[n][m], A_bar[n][m], v_bar[m])
#include "vla_matrix_modes.ad.h"
enum { N = 3, M = 2, NI = N * M + M };
static void flat(void *c, const double *z, double *y) { (void)c; y[0] = quad(N, M, (const double (*)[M])z, z + N * M); }
static void gflat(void *c, const double *z, double *g) { (void)c; quad_grad(N, M, (const double (*)[M])z, (double (*)[M])g, z + N * M, g + N * M); }
int main(void) {
    double z[NI], g[NI], gfd[NI], H[NI * NI], Hfd[NI * NI], J[NI];
    for (int i = 0; i < NI; i++) z[i] = sin(0.7 * i + 0.2);
    double f0 = quad_grad(N, M, (const double (*)[M])z, (double (*)[M])g, z + N * M, g + N * M);
    oracle_fd_grad(flat, NULL, NI, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, NI, 1e-6, oracle_fd_atol(f0));
    quad_hessian(N, M, (const double (*)[M])z, z + N * M, H);
    for (int j = 0; j < NI; j++) { double e[NI] = {0}, col[NI]; e[j] = 1; oracle_fd_jvp(gflat, NULL, NI, NI, z, e, col); for (int i = 0; i < NI; i++) Hfd[i * NI + j] = col[i]; }
    CHECK_VEC_CLOSE("hessian vs fd(grad)", H, Hfd, NI * NI, 1e-5, 1e-7);
    quad_jacrev(N, M, (const double (*)[M])z, z + N * M, J);
    CHECK_VEC_CLOSE("jacrev = grad", J, g, NI, 1e-12, 1e-14);
    enum { B = 3 };
    double As[B * N * M], r[B], Ab[B * N * M], vb[B * M], r2[B];
    for (int i = 0; i < B * N * M; i++) As[i] = cos(0.3 * i);
    quad_vmap(B, N, M, (const double (*)[M])As, z + N * M, r);
    quad_grad_vmap(B, N, M, (const double (*)[M])As, (double (*)[M])Ab, z + N * M, vb, r2);
    for (int b = 0; b < B; b++) {
        double gA[N * M], gv[M];
        double fb = quad_grad(N, M, (const double (*)[M])(As + b * N * M), (double (*)[M])gA, z + N * M, gv);
        CHECK_CLOSE("vmap value", r[b], fb, 0, 0);
        CHECK_VEC_CLOSE("vmap grad A", Ab + b * N * M, gA, N * M, 0, 0);
        CHECK_VEC_CLOSE("vmap grad v", vb + b * M, gv, M, 0, 0);
    }
    return oracle_result();
}
