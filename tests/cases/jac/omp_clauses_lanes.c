// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/omp_clauses_lanes: OpenMP data-sharing clauses on active scalars in the
** modes whose derivatives carry several directions at once (jacfwd's lanes,
** hessian, hvp) and in jvp, vjp and grad: `private(t)`, `firstprivate(c)`
** (an active value set before the loop and changed inside), `lastprivate(last)`
** (its value after the loop feeds the output), `reduction(+:s)` and
** `reduction(*:p)` (a product reduction), an array-section `reduction(+:h[:M])`,
** and `omp simd reduction(+:q)`.
** Oracles: central differences (ORACLE_RTOL_FD); jacfwd = jacrev (1e-12);
** hessian against differences of grad; hvp = H v; the dot-product test.
** Also run at OMP_NUM_THREADS=1,2,4.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 9
#define M 3

void clauses(const double *x, const double *a, double *y, int n)
{
    double t, c = a[0] * a[1], last = 0, s = 0, p = 1, q = 0;
    double h[M] = {0, 0, 0};
#pragma omp parallel for private(t) firstprivate(c) lastprivate(last) reduction(+:s) reduction(*:p) schedule(static)
    for (int i = 0; i < n; i++) {
        t = sin(x[i]) * a[1];
        double ci = c * 0.9 + t;
        s += t * ci;
        p *= 1.0 + 0.1 * x[i] * a[0];
        last = t * x[i] + c;
    }
#pragma omp parallel for reduction(+:h[:M])
    for (int i = 0; i < n; i++) h[i % M] += x[i] * x[i] * a[i % 2];
#pragma omp simd reduction(+:q)
    for (int i = 0; i < n; i++) q += 1.0 + x[i] * x[i] * a[0];
    y[0] = s + last;
    y[1] = p * q;
    y[2] = h[0] * h[1] + h[2];
}

double obj(const double *x, const double *a, int n)
{
    double y[3];
    clauses(x, a, y, n);
    return y[0] * y[1] + cos(y[2]);
}

#pragma ad jvp(clauses) wrt(x[n], a[2]) out(y[3])
#pragma ad vjp(clauses) wrt(x[n], a[2]) out(y[3])
#pragma ad jacfwd(clauses) wrt(x[n], a[2]) out(y[3])
#pragma ad jacrev(clauses) wrt(x[n], a[2]) out(y[3])
#pragma ad grad(obj) wrt(x[n], a[2])
#pragma ad hessian(obj) wrt(x[n], a[2])
#pragma ad hvp(obj) wrt(x[n], a[2])

#include "omp_clauses_lanes.ad.h"

#define NI (N + 2)

static void cl_flat(void *c, const double *z, double *y) { (void)c; clauses(z, z + N, y, N); }
static void obj_flat(void *c, const double *z, double *y) { (void)c; y[0] = obj(z, z + N, N); }
static void grad_flat(void *c, const double *z, double *g) { (void)c; obj_grad(z, g, z + N, g + N, N); }

int main(void)
{
    OracleRng r = oracle_rng(909);
    double z[NI], v[NI];
    oracle_fill_uniform(&r, z, NI, -1, 1);
    oracle_fill_uniform(&r, v, NI, -1, 1);

    double y[3], y2[3], yd[3], fdd[3];
    clauses(z, z + N, y, N);
    clauses_jvp(z, v, z + N, v + N, y2, yd, N);
    CHECK_VEC_CLOSE("jvp primal", y2, y, 3, 1e-13, 0);
    oracle_fd_jvp(cl_flat, NULL, NI, 3, z, v, fdd);
    CHECK_VEC_CLOSE("jvp vs fd", yd, fdd, 3, ORACLE_RTOL_FD, oracle_fd_atol(1));
    double w[3] = {0.7, -0.4, 1.3}, ws[3], zb[NI] = {0};
    memcpy(ws, w, sizeof ws);
    clauses_vjp(z, zb, z + N, zb + N, y2, ws, N);
    CHECK_CLOSE("dot", oracle_dot(yd, w, 3), oracle_dot(v, zb, NI), 1e-12, 1e-14);
    double Jf[3 * NI], Jr[3 * NI], Jfd[3 * NI];
    clauses_jacfwd(z, z + N, y2, N, Jf);
    clauses_jacrev(z, z + N, y2, N, Jr);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, 3 * NI, 1e-12, 1e-14);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[3];
        e[j] = 1;
        oracle_fd_jvp(cl_flat, NULL, NI, 3, z, e, col);
        for (int i = 0; i < 3; i++) Jfd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("jacfwd vs fd", Jf, Jfd, 3 * NI, ORACLE_RTOL_FD, oracle_fd_atol(1));

    double g[NI], gfd[NI], f0 = obj(z, z + N, N);
    double fg = obj_grad(z, g, z + N, g + N, N);
    CHECK_CLOSE("grad primal", fg, f0, 1e-13, 0);
    oracle_fd_grad(obj_flat, NULL, NI, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, NI, ORACLE_RTOL_FD, oracle_fd_atol(f0));
    double H[NI * NI], Hfd[NI * NI], Hv[NI], hv[NI];
    obj_hessian(z, z + N, N, H);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[NI];
        e[j] = 1;
        oracle_fd_jvp(grad_flat, NULL, NI, NI, z, e, col);
        for (int i = 0; i < NI; i++) Hfd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("hessian vs fd(grad)", H, Hfd, NI * NI, 1e-5, 1e-7);
    for (int i = 0; i < NI; i++) {
        Hv[i] = 0;
        for (int j = 0; j < NI; j++) Hv[i] += H[i * NI + j] * v[j];
    }
    obj_hvp(z, v, hv, z + N, v + N, hv + N, N);
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, NI, 1e-11, 1e-12);
    return oracle_result();
}
