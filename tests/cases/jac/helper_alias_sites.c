/*
** jac/helper_alias_sites: one static helper `avg(y, x, n)` (y[i] from x[i],
** x[i+1]) called at four sites of one function with four aliasings of its
** two pointers: in place (u, u), shifted up (u + 1, u: a recurrence, each
** iteration reads what the previous one wrote), shifted down (u, u + 1), and
** into another buffer (a heap block); a second helper `rot(a, b, c)` writes
** through two pointers into one buffer (u + i, u + i + 1) in a loop, so the
** elements each call writes are read by the next call; a 1-based loop over a
** pointer shifted by one (`double *v = w - 1; v[1..n]`).
** Contract section 4 / man page: a helper called with overlapping arguments is
** differentiated for that overlap. Modes: grad, jvp, hessian, hvp of the
** scalar; jvp, vjp, jacfwd, jacrev of the vector map.
** Oracles: central differences (ORACLE_RTOL_FD) of the original, which runs
** the overlapping calls as C defines them; jacfwd = jacrev (1e-12); dot test.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 7

static void avg(double *y, const double *x, int n)
{
    for (int i = 0; i < n; i++) y[i] = 0.5 * (x[i] + x[i + 1]) * (1.0 + 0.3 * x[i]);
}

static void rot(double *a, double *b, double c)
{
    double s = sin(c), t = *a;
    *a = cos(c) * t - s * *b;
    *b = s * t + cos(c) * *b;
}

void mapv(const double *in, const double *th, double *out, int n)
{
    double u[N + 2];
    double *w = malloc((size_t)(n + 2) * sizeof *w);
    for (int i = 0; i < n; i++) u[i] = in[i];
    u[n] = in[0];
    u[n + 1] = in[1];
    avg(u, u, n);              /* in place */
    avg(u + 1, u, n - 1);      /* shifted up: recurrence */
    avg(u, u + 1, n - 1);      /* shifted down */
    avg(w, u, n);              /* into another buffer */
    for (int i = 0; i + 1 < n; i++) rot(u + i, &u[i + 1], th[i % 2]);
    double *v = w - 1;         /* 1-based view */
    for (int i = 1; i <= n; i++) out[i - 1] = v[i] * u[i - 1];
    free(w);
}

double scal(const double *in, const double *th, int n)
{
    double o[N];
    mapv(in, th, o, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += o[i] * o[i] / (i + 1.0);
    return s;
}

#pragma ad grad(scal) wrt(in[n], th[2])
#pragma ad jvp(scal) wrt(in[n], th[2])
#pragma ad hessian(scal) wrt(in[n], th[2])
#pragma ad hvp(scal) wrt(in[n], th[2])
#pragma ad jvp(mapv) wrt(in[n], th[2]) out(out[n])
#pragma ad vjp(mapv) wrt(in[n], th[2]) out(out[n])
#pragma ad jacfwd(mapv) wrt(in[n], th[2]) out(out[n])
#pragma ad jacrev(mapv) wrt(in[n], th[2]) out(out[n])

#include "helper_alias_sites.ad.h"

#define NI (N + 2)

static void scal_flat(void *c, const double *z, double *y) { (void)c; y[0] = scal(z, z + N, N); }
static void map_flat(void *c, const double *z, double *y) { (void)c; mapv(z, z + N, y, N); }
static void grad_flat(void *c, const double *z, double *g) { (void)c; scal_grad(z, g, z + N, g + N, N); }

int main(void)
{
    OracleRng r = oracle_rng(77);
    double z[NI], v[NI];
    oracle_fill_uniform(&r, z, NI, -0.9, 0.9);
    oracle_fill_uniform(&r, v, NI, -1, 1);

    double g[NI], gfd[NI], f0 = scal(z, z + N, N), sd;
    double fg = scal_grad(z, g, z + N, g + N, N);
    CHECK_CLOSE("grad primal", fg, f0, 0, 0);
    oracle_fd_grad(scal_flat, NULL, NI, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, NI, ORACLE_RTOL_FD, oracle_fd_atol(f0));
    scal_jvp(z, v, z + N, v + N, N, &sd);
    CHECK_CLOSE("jvp = g.v", sd, oracle_dot(g, v, NI), 1e-12, 1e-14);

    double H[NI * NI], Hfd[NI * NI], Hv[NI], hv[NI];
    scal_hessian(z, z + N, N, H);
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
    scal_hvp(z, v, hv, z + N, v + N, hv + N, N);
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, NI, 1e-11, 1e-12);

    double y[N], y2[N], yd[N], fdd[N];
    mapv(z, z + N, y, N);
    mapv_jvp(z, v, z + N, v + N, y2, yd, N);
    CHECK_VEC_CLOSE("map jvp primal", y2, y, N, 0, 0);
    oracle_fd_jvp(map_flat, NULL, NI, N, z, v, fdd);
    CHECK_VEC_CLOSE("map jvp vs fd", yd, fdd, N, ORACLE_RTOL_FD, oracle_fd_atol(1));
    double w[N], ws[N], zb[NI] = {0};
    oracle_fill_uniform(&r, w, N, -1, 1);
    memcpy(ws, w, sizeof ws);
    mapv_vjp(z, zb, z + N, zb + N, y2, ws, N);
    CHECK_CLOSE("map dot", oracle_dot(yd, w, N), oracle_dot(v, zb, NI), 1e-12, 1e-14);
    double Jf[N * NI], Jr[N * NI], Jfd[N * NI];
    mapv_jacfwd(z, z + N, y2, N, Jf);
    mapv_jacrev(z, z + N, y2, N, Jr);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, N * NI, 1e-12, 1e-14);
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[N];
        e[j] = 1;
        oracle_fd_jvp(map_flat, NULL, NI, N, z, e, col);
        for (int i = 0; i < N; i++) Jfd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("jacfwd vs fd", Jf, Jfd, N * NI, ORACLE_RTOL_FD, oracle_fd_atol(1));
    return oracle_result();
}
