// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** realc/cutest_sparse: three CUTEst/MINPACK-2 test problems as optimisation
** codes write them in C: the chained Rosenbrock objective and the minimal
** surface area (MINPACK-2 dmsa: a 2-D grid, the unknowns on the interior,
** boundary values from a function, sqrt of 1 + gradient^2 over triangles)
** under `#pragma omp parallel for reduction(+:f)`, and the Broyden tridiagonal
** residual (x[i-1], x[i+1] guarded at the ends).
** Requests: sparse hessian of both objectives; sparse jacrev and jacfwd of the
** residual; grad; hvp.
** Oracles: the sparse Hessians against dense hessian requests (1e-12) and
** their patterns (tridiagonal; the 5-point-plus-diagonal stencil of
** triangles); hvp = H v; the sparse Jacobians against closed forms (1e-14).
*/
#include <math.h>
#include "ccad_oracle.h"

double chained_rosenbrock(const double *x, int n)
{
    double f = 0.0;
    int i;
#pragma omp parallel for reduction(+:f)
    for (i = 0; i < n - 1; i++) {
        double a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i];
        f += 100.0 * a * a + b * b;
    }
    return f;
}
/* minimal surface over [0,1]^2 with nx*ny interior unknowns (MINPACK-2 dmsa) */
static double bnd(double s, double t) { return s * s - t * t; }
double min_surface(const double *x, int nx, int ny)
{
    double hx = 1.0 / (nx + 1), hy = 1.0 / (ny + 1), area = 0.5 * hx * hy, f = 0.0;
    int j;
#pragma omp parallel for reduction(+:f)
    for (j = 0; j <= ny; j++)
        for (int i = 0; i <= nx; i++) {
            /* corner values of the cell (i, j) .. (i+1, j+1), interior from x */
            double v00 = (i == 0 || j == 0) ? bnd(i * hx, j * hy) : x[(j - 1) * nx + (i - 1)];
            double v10 = (i == nx || j == 0) ? bnd((i + 1) * hx, j * hy) : x[(j - 1) * nx + i];
            double v01 = (i == 0 || j == ny) ? bnd(i * hx, (j + 1) * hy) : x[j * nx + (i - 1)];
            double v11 = (i == nx || j == ny) ? bnd((i + 1) * hx, (j + 1) * hy) : x[j * nx + i];
            double dxl = (v10 - v00) / hx, dyl = (v01 - v00) / hy;     /* lower triangle */
            double dxu = (v11 - v01) / hx, dyu = (v11 - v10) / hy;     /* upper triangle */
            f += area * (sqrt(1.0 + dxl * dxl + dyl * dyl) + sqrt(1.0 + dxu * dxu + dyu * dyu));
        }
    return f;
}
void broyden_tridiag(const double *x, double *r, int n)
{
    for (int i = 0; i < n; i++) {
        double xm = i > 0 ? x[i - 1] : 0.0, xp = i < n - 1 ? x[i + 1] : 0.0;
        r[i] = (3.0 - 2.0 * x[i]) * x[i] - xm - 2.0 * xp + 1.0;
    }
}
#pragma ad hessian(chained_rosenbrock) wrt(x[n]) sparse
#pragma ad hessian(chained_rosenbrock) wrt(x[n]) name(rosen_dense_hessian)
#pragma ad hvp(chained_rosenbrock) wrt(x[n])
#pragma ad hessian(min_surface) wrt(x[nx*ny]) sparse
#pragma ad hessian(min_surface) wrt(x[nx*ny]) name(msa_dense_hessian)
#pragma ad grad(min_surface) wrt(x[nx*ny])
#pragma ad jacrev(broyden_tridiag) wrt(x[n]) out(r[n]) sparse
#pragma ad jacfwd(broyden_tridiag) wrt(x[n]) out(r[n]) sparse

#include "cutest_sparse.ad.h"

static void dense(const ccad_csr *A, double *D, int n)
{
    for (int i = 0; i < n * n; i++) D[i] = 0;
    for (int i = 0; i < A->nrows; i++) for (int k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) D[i * n + A->col[k]] = A->val[k];
}
#define N 12
#define NX 4
#define NY 3
int main(void)
{
    double x[N], D[N * N], Hd[N * N], v[N], hv[N];
    for (int i = 0; i < N; i++) { x[i] = -1.2 + 0.2 * i; v[i] = cos(i); }
    ccad_csr H = {0}, Jr = {0}, Jf = {0};
    for (int rep = 0; rep < 2; rep++) chained_rosenbrock_hessian(x, N, &H);
    rosen_dense_hessian(x, N, Hd);
    dense(&H, D, N);
    CHECK_VEC_CLOSE("rosenbrock sparse = dense hessian", D, Hd, N * N, 1e-12, 1e-14);
    CHECK_EQ_INT("rosenbrock nnz (tridiagonal)", H.nnz, 3 * N - 2);
    chained_rosenbrock_hvp(x, v, hv, N);
    for (int i = 0; i < N; i++) { double s = 0; for (int j = 0; j < N; j++) s += Hd[i * N + j] * v[j]; CHECK_CLOSE("hvp = H v", hv[i], s, 1e-12, 1e-12); }
    double y[NX * NY], M[NX * NY * NX * NY], Md[NX * NY * NX * NY], g[NX * NY];
    for (int i = 0; i < NX * NY; i++) y[i] = 0.1 * sin(1.0 + i);
    ccad_csr HS = {0};
    for (int rep = 0; rep < 2; rep++) min_surface_hessian(y, NX, NY, &HS);
    msa_dense_hessian(y, NX, NY, Md);
    dense(&HS, M, NX * NY);
    CHECK_VEC_CLOSE("min surface sparse = dense hessian", M, Md, NX * NY * NX * NY, 1e-12, 1e-14);
    int want = 0;   /* stencil: self, E/W, N/S, and the NW/SE diagonal that the triangles couple */
    for (int j = 0; j < NY; j++) for (int i = 0; i < NX; i++)
        for (int dj = -1; dj <= 1; dj++) for (int di = -1; di <= 1; di++) {
            if (di == dj && di != 0) continue;   /* the triangles couple (i+1, j-1) and (i-1, j+1), not (i+1, j+1) */
            if (i + di >= 0 && i + di < NX && j + dj >= 0 && j + dj < NY) want++;
        }
    CHECK_EQ_INT("min surface nnz", HS.nnz, want);
    min_surface_grad(y, g, NX, NY);
    for (int j = 0; j < NX * NY; j++) {
        double yp[NX * NY], ym[NX * NY], h = 1e-6;
        for (int i = 0; i < NX * NY; i++) yp[i] = ym[i] = y[i];
        yp[j] += h; ym[j] -= h;
        CHECK_CLOSE("min surface grad vs fd", g[j], (min_surface(yp, NX, NY) - min_surface(ym, NX, NY)) / (2 * h), 1e-6, 1e-10);
    }
    double r[N];
    for (int rep = 0; rep < 2; rep++) { broyden_tridiag_jacrev(x, r, N, &Jr); broyden_tridiag_jacfwd(x, r, N, &Jf); }
    double Dr[N * N], Df[N * N], W[N * N] = {0};
    dense(&Jr, Dr, N); dense(&Jf, Df, N);
    for (int i = 0; i < N; i++) { W[i * N + i] = 3.0 - 4.0 * x[i]; if (i > 0) W[i * N + i - 1] = -1.0; if (i < N - 1) W[i * N + i + 1] = -2.0; }
    CHECK_VEC_CLOSE("broyden sparse jacrev", Dr, W, N * N, 1e-14, 1e-15);
    CHECK_VEC_CLOSE("broyden sparse jacfwd", Df, W, N * N, 1e-14, 1e-15);
    CHECK_EQ_INT("broyden colours (jacfwd)", ccad_csr_colors(&Jf), 3);
    ccad_csr_free(&H); ccad_csr_free(&HS); ccad_csr_free(&Jr); ccad_csr_free(&Jf);
    return oracle_result();
}
