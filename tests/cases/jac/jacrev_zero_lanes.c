/*
** jac/jacrev_zero_lanes: jacrev's backward sweeps skip the loops that add
** multiples of lanes that are all zero (tool/transform/simplify_lanes.c):
** in a sweep carrying rows 8..10 of a dense layer, rows 0..7's loops over
** the inputs add nothing and do not run. Shapes where the skipped and the
** running loops must agree:
**   layer(x, y)     y_i = tanh(b_i + sum_j W_ij x_j) * x_(i mod n): 11 rows
**                   (a full and a partial sweep of 8 lanes), a row loop
**                   whose inner loop adds W_ij u_bar into x_bar;
**   stencil(x, y)   MINPACK-style 1-based: the inner loop's counter is read
**                   after the loop (y_i uses x[k] with k where the loop
**                   left it), so that loop is not skipped;
**   band(x, y)      a triangular loop nest (j <= i), two lane vectors in one
**                   add, and an if in the skipped loop;
**   layerf          the layer in float.
** Oracles: jacfwd (an independent mode, exact to rounding) and central
** differences of f (ORACLE_RTOL_FD; float ORACLE_RTOL_FLOAT_FD), every
** entry; the sparse jacrev of band against the dense one (pattern and
** values: the pattern sweeps seed NaN, which a test of the lanes must not
** take for zero).
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

#define N 6
#define M 11

double W[M * N], B[M];  /* data the functions read, not differentiated */

void layer(const double *x, double *y, int n, int m)
{
    for (int i = 0; i < m; i++) {
        double u = B[i];
        for (int j = 0; j < n; j++)
            u += W[i * n + j] * x[j];
        y[i] = tanh(u) * x[i % n];
    }
}

void stencil(const double *x, double *y, int n, int m)
{
    int k;
    --x;
    --y;
    for (int i = 1; i <= m; i++) {
        double s = 0.0;
        for (k = 1; k <= n && k <= i; k++)
            s += W[(i - 1) * n + k - 1] * x[k];
        y[i] = s * s + x[k - 1];
    }
}

void band(const double *x, double *y, int n, int m)
{
    for (int i = 0; i < m; i++) {
        double u = 0.0, v = 1.0;
        for (int j = 0; j < n; j++) {
            if (j <= i) {
                if (j % 2)
                    u += W[i * n + j] * x[j];
                else
                    u -= x[j] * x[j];
                v += 0.5 * x[j];
            }
        }
        y[i] = sin(u) + u * v;
    }
}

void layerf(const float *x, float *y, int n, int m)
{
    for (int i = 0; i < m; i++) {
        float u = (float)B[i];
        for (int j = 0; j < n; j++)
            u += (float)W[i * n + j] * x[j];
        y[i] = tanhf(u) * x[i % n];
    }
}

#pragma ad jacrev(layer) wrt(x[n]) out(y[m])
#pragma ad jacfwd(layer) wrt(x[n]) out(y[m])
#pragma ad jacrev(stencil) wrt(x[n]) out(y[m])
#pragma ad jacfwd(stencil) wrt(x[n]) out(y[m])
#pragma ad jacrev(band) wrt(x[n]) out(y[m])
#pragma ad jacfwd(band) wrt(x[n]) out(y[m])
#pragma ad jacrev(band) wrt(x[n]) out(y[m]) sparse name(band_sparse)
#pragma ad jacrev(layerf) wrt(x[n]) out(y[m])

#include "jacrev_zero_lanes.ad.h"

typedef void (*fn_t)(const double *, double *, int, int);

static void as_fd(void *ctx, const double *x, double *y)
{
    ((fn_t)ctx)(x, y, N, M);
}

static void check(const char *name, fn_t f, void (*rev)(const double *, double *, int, int, double *),
                  void (*fwd)(const double *, double *, int, int, double *), const double *x)
{
    double y[M], Jr[M * N], Jf[M * N], Jd[M * N], col[M], v[N], want[M];
    char label[96];
    rev(x, y, N, M, Jr);
    f(x, want, N, M);
    snprintf(label, sizeof label, "%s: jacrev leaves f's outputs", name);
    CHECK_VEC_CLOSE(label, y, want, M, 0.0, 0.0);
    fwd(x, y, N, M, Jf);
    snprintf(label, sizeof label, "%s: jacrev = jacfwd", name);
    CHECK_VEC_CLOSE(label, Jr, Jf, M * N, ORACLE_RTOL_EXACT, 1e-14 * oracle_norm_inf(Jf, M * N));
    for (int j = 0; j < N; j++) {
        memset(v, 0, sizeof v);
        v[j] = 1.0;
        oracle_fd_jvp(as_fd, (void *)f, N, M, x, v, col);
        for (int i = 0; i < M; i++)
            Jd[i * N + j] = col[i];
    }
    snprintf(label, sizeof label, "%s: jacrev = central differences", name);
    CHECK_VEC_CLOSE(label, Jr, Jd, M * N, ORACLE_RTOL_FD, ORACLE_ATOL_FD * (1.0 + oracle_norm_inf(Jd, M * N)));
}

int main(void)
{
    OracleRng rng = oracle_rng(20261207);
    oracle_fill_normal(&rng, W, M * N);
    oracle_fill_uniform(&rng, B, M, -0.5, 0.5);
    double x[N];
    for (int t = 0; t < 2; t++) {
        oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
        check("layer", layer, layer_jacrev, layer_jacfwd, x);
        check("stencil", stencil, stencil_jacrev, stencil_jacfwd, x);
        check("band", band, band_jacrev, band_jacfwd, x);

        /* sparse: the triangle j <= min(i, n - 1), every entry of it non-zero */
        double y[M], J[M * N], S[M * N] = {0};
        ccad_csr A = {0};
        band_jacrev(x, y, N, M, J);
        band_sparse(x, y, N, M, &A);
        int nnz = 0;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++)
                nnz += j <= i;
        CHECK_EQ_INT("band_sparse: the triangle's entries", A.nnz, nnz);
        for (int i = 0; i < M; i++)
            for (int k = A.rowptr[i]; k < A.rowptr[i + 1]; k++)
                S[i * N + A.col[k]] = A.val[k];
        CHECK_VEC_CLOSE("band_sparse = band_jacrev", S, J, M * N, ORACLE_RTOL_EXACT,
                        1e-14 * oracle_norm_inf(J, M * N));
        ccad_csr_free(&A);

        /* float: against the double layer's Jacobian */
        float xf[N], yf[M], Jff[M * N];
        double Jl[M * N], Jlf[M * N];
        for (int j = 0; j < N; j++)
            xf[j] = (float)x[j];
        for (int j = 0; j < N; j++)
            x[j] = xf[j];
        layerf_jacrev(xf, yf, N, M, Jff);
        layer_jacrev(x, y, N, M, Jl);
        for (int k = 0; k < M * N; k++)
            Jlf[k] = Jff[k];
        CHECK_VEC_CLOSE("layerf: jacrev = double layer's", Jlf, Jl, M * N, ORACLE_RTOL_FLOAT_FD,
                        ORACLE_RTOL_FLOAT_FD * oracle_norm_inf(Jl, M * N));
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
