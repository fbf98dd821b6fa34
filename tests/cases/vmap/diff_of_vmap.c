// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/diff_of_vmap: derivatives OF a batched function (requests compose in
** both orders: jvp(f_vmap), vjp(f_vmap), jacrev(f_vmap)), whose batch loop
** is an OpenMP parallel for over calls of f. Oracles: central differences
** of f_vmap (1e-6), the dot-product test jvp/vjp (1e-12), jacrev times v
** against jvp (1e-12); run also at OMP_NUM_THREADS=1,2,4.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ccad_oracle.h"
double f(const double *x, double a, int n) { double s = 0; for (int i = 0; i < n; i++) s += sin(a * x[i]) * x[i]; return s; }
#pragma ad vmap(f) batch(x[n], a)
#pragma ad jvp(f_vmap) wrt(x[batch*n], a[batch]) out(ret[batch])
#pragma ad vjp(f_vmap) wrt(x[batch*n], a[batch]) out(ret[batch])
#pragma ad jacrev(f_vmap) wrt(x[batch*n], a[batch]) out(ret[batch])
#include "diff_of_vmap.ad.h"
enum { B = 3, N = 4 };
static void flat(void *c, const double *z, double *y) { (void)c; f_vmap(B, z, z + B * N, N, y); }
int main(void) {
    double z[B * N + B], v[B * N + B], y[B], yd[B], fd[B], w[B] = {0.3, -1.2, 0.8}, ws[B], zb[B * N + B];
    for (int i = 0; i < B * N + B; i++) { z[i] = sin(0.7 * i + 0.2); v[i] = cos(1.1 * i); zb[i] = 0; }
    f_vmap_jvp(B, z, v, z + B * N, v + B * N, N, y, yd);
    oracle_fd_jvp(flat, NULL, B * N + B, B, z, v, fd);
    CHECK_VEC_CLOSE("jvp(vmap) vs fd", yd, fd, B, 1e-6, 1e-8);
    memcpy(ws, w, sizeof ws);
    f_vmap_vjp(B, z, zb, z + B * N, zb + B * N, N, y, ws);
    CHECK_CLOSE("dot", oracle_dot(yd, w, B), oracle_dot(v, zb, B * N + B), 1e-12, 1e-14);
    double J[B * (B * N + B)];
    f_vmap_jacrev(B, z, z + B * N, N, y, J);
    double Jv[B] = {0};
    for (int i = 0; i < B; i++) for (int j = 0; j < B * N + B; j++) Jv[i] += J[i * (B * N + B) + j] * v[j];
    CHECK_VEC_CLOSE("jacrev(vmap) v", Jv, yd, B, 1e-12, 1e-14);
    return oracle_result();
}
