/*
** realc/csparse_csc: Tim Davis's CSparse kernels as cs.h writes them: the cs
** struct (nzmax, m, n, p, i, x, nz) with csi (ptrdiff_t) index arrays, CS_CSC()
** guards returning 0, cs_gaxpy (y += A*x, scatter y[Ai[p]] +=), cs_lsolve
** (in-place lower-triangular solve, column-oriented) and cs_ltsolve (L^T).
** Requests: vjp and jvp of cs_lsolve wrt (L[1], x[n]) in-out; jacfwd sparse
** and jacrev of a nonlinear residual r = A x + x^3 - b built on cs_gaxpy.
** Oracles: the adjoint of L^-1 is L^-T: lsolve's vjp with seed c equals
** cs_ltsolve(c) (closed form, 1e-12); L's adjoint against central
** differences (1e-6); jvp against vjp by dot product (1e-12); the sparse
** Jacobian against jacrev (1e-12) and A + 3 diag(x^2) (closed form).
*/
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

#define csi ptrdiff_t
typedef struct cs_sparse
{
    csi nzmax ;     /* maximum number of entries */
    csi m ;         /* number of rows */
    csi n ;         /* number of columns */
    csi *p ;        /* column pointers (size n+1) or col indices (size nzmax) */
    csi *i ;        /* row indices, size nzmax */
    double *x ;     /* numerical values, size nzmax */
    csi nz ;        /* # of entries in triplet matrix, -1 for compressed-col */
} cs ;
#define CS_CSC(A) (A && (A->nz == -1))

/* y = A*x+y */
csi cs_gaxpy (const cs *A, const double *x, double *y)
{
    csi p, j, n, *Ap, *Ai ;
    double *Ax ;
    if (!CS_CSC (A) || !x || !y) return (0) ;       /* check inputs */
    n = A->n ; Ap = A->p ; Ai = A->i ; Ax = A->x ;
    for (j = 0 ; j < n ; j++)
    {
        for (p = Ap [j] ; p < Ap [j+1] ; p++)
        {
            y [Ai [p]] += Ax [p] * x [j] ;
        }
    }
    return (1) ;
}
/* solve Lx=b where x and b are dense.  x=b on input, solution on output. */
csi cs_lsolve (const cs *L, double *x)
{
    csi p, j, n, *Lp, *Li ;
    double *Lx ;
    if (!CS_CSC (L) || !x) return (0) ;                     /* check inputs */
    n = L->n ; Lp = L->p ; Li = L->i ; Lx = L->x ;
    for (j = 0 ; j < n ; j++)
    {
        x [j] /= Lx [Lp [j]] ;
        for (p = Lp [j]+1 ; p < Lp [j+1] ; p++)
        {
            x [Li [p]] -= Lx [p] * x [j] ;
        }
    }
    return (1) ;
}
/* solve L'x=b where x and b are dense.  x=b on input, solution on output. */
csi cs_ltsolve (const cs *L, double *x)
{
    csi p, j, n, *Lp, *Li ;
    double *Lx ;
    if (!CS_CSC (L) || !x) return (0) ;                     /* check inputs */
    n = L->n ; Lp = L->p ; Li = L->i ; Lx = L->x ;
    for (j = n-1 ; j >= 0 ; j--)
    {
        for (p = Lp [j]+1 ; p < Lp [j+1] ; p++)
        {
            x [j] -= Lx [p] * x [Li [p]] ;
        }
        x [j] /= Lx [Lp [j]] ;
    }
    return (1) ;
}

/* the user's nonlinear residual */
void residual(const cs *A, const double *x, const double *b, double *r, int n)
{
    for (int k = 0; k < n; k++) r[k] = x[k] * x[k] * x[k] - b[k];
    cs_gaxpy(A, x, r);
}
#pragma ad vjp(cs_lsolve) wrt(L[1], x) out(x)
#pragma ad jvp(cs_lsolve) wrt(L[1], x) out(x)
#pragma ad jacfwd(residual) wrt(x[n]) out(r[n]) sparse
#pragma ad jacrev(residual) wrt(x[n]) out(r[n])

#include "csparse_csc.ad.h"

#define N 7
/* L: lower bidiagonal plus a long-range entry (column 0, row N-1); A: tridiagonal plus corners */
static void make_L(cs *L, csi *p, csi *i, double *x, double *xv)
{
    int nz = 0;
    for (int j = 0; j < N; j++) {
        p[j] = nz;
        i[nz] = j; x[nz++] = 2.0 + 0.3 * j;
        if (j + 1 < N) { i[nz] = j + 1; x[nz++] = -0.7 + 0.1 * j; }
        if (j == 0) { i[nz] = N - 1; x[nz++] = 0.45; }
    }
    p[N] = nz;
    L->nzmax = nz; L->m = N; L->n = N; L->p = p; L->i = i; L->x = x; L->nz = -1;
    (void)xv;
}
int main(void)
{
    csi Lp[N + 1], Li[3 * N];
    double Lx[3 * N], Lxb[3 * N], Lxd[3 * N];
    cs L, Lb, Ld;
    make_L(&L, Lp, Li, Lx, NULL);
    Lb = L; Lb.x = Lxb; Ld = L; Ld.x = Lxd;
    memset(Lxb, 0, sizeof Lxb);
    OracleRng r = oracle_rng(77);
    double b[N], x[N], xb[N], c[N], lt[N];
    oracle_fill_uniform(&r, b, N, -1, 1); oracle_fill_uniform(&r, c, N, -1, 1);
    memcpy(x, b, sizeof b); memcpy(xb, c, sizeof c);
    csi ok = cs_lsolve_vjp(&L, &Lb, x, xb);
    CHECK_EQ_INT("returns 1", (long)ok, 1);
    memcpy(lt, c, sizeof c); cs_ltsolve(&L, lt);
    CHECK_VEC_CLOSE("x_bar = L^-T c", xb, lt, N, 1e-12, 1e-14);
    /* L's adjoint: d(c . L^-1 b)/dLx[k] by central differences */
    for (int k = 0; k < (int)L.nzmax; k++) {
        double h = 1e-6, l0 = Lx[k], fp = 0, fm = 0, y[N];
        Lx[k] = l0 + h; memcpy(y, b, sizeof b); cs_lsolve(&L, y); for (int q = 0; q < N; q++) fp += c[q] * y[q];
        Lx[k] = l0 - h; memcpy(y, b, sizeof b); cs_lsolve(&L, y); for (int q = 0; q < N; q++) fm += c[q] * y[q];
        Lx[k] = l0;
        CHECK_CLOSE("L_bar vs fd", Lxb[k], (fp - fm) / (2 * h), 1e-6, 1e-9);
    }
    /* jvp . c = <(Ldot, bdot), (L_bar, x_bar)> */
    double xd[N], lhs = 0, rhs = 0;
    oracle_fill_uniform(&r, Lxd, (int)L.nzmax, -1, 1); oracle_fill_uniform(&r, xd, N, -1, 1);
    for (int k = 0; k < (int)L.nzmax; k++) rhs += Lxd[k] * Lxb[k];
    for (int q = 0; q < N; q++) rhs += xd[q] * xb[q];
    memcpy(x, b, sizeof b);
    cs_lsolve_jvp(&L, &Ld, x, xd);
    for (int q = 0; q < N; q++) lhs += c[q] * xd[q];
    CHECK_CLOSE("jvp/vjp dot", lhs, rhs, 1e-12, 1e-14);

    /* A: tridiagonal + corners, in CSC */
    csi Ap[N + 1], Ai[5 * N]; double Ax[5 * N]; int nz = 0;
    for (int j = 0; j < N; j++) {
        Ap[j] = nz;
        for (int q = 0; q < N; q++)
            if (abs(q - j) <= 1 || (q == 0 && j == N - 1) || (q == N - 1 && j == 0)) { Ai[nz] = q; Ax[nz++] = q == j ? 4.0 : -1.0 - 0.1 * q; }
    }
    Ap[N] = nz;
    cs A = {nz, N, N, Ap, Ai, Ax, -1};
    double rr[N], Jr[N * N], dense[N * N] = {0};
    oracle_fill_uniform(&r, x, N, -1, 1);
    residual_jacrev(&A, x, b, rr, N, Jr);
    for (int j = 0; j < N; j++) for (csi p = Ap[j]; p < Ap[j + 1]; p++) dense[Ai[p] * N + j] += Ax[p];
    for (int k = 0; k < N; k++) dense[k * N + k] += 3 * x[k] * x[k];
    CHECK_VEC_CLOSE("jacrev = A + 3 diag(x^2)", Jr, dense, N * N, 1e-12, 1e-14);
    ccad_csr J = {0};
    residual_jacfwd(&A, x, b, rr, N, &J);
    residual_jacfwd(&A, x, b, rr, N, &J);  /* second call: coloured sweeps */
    CHECK_TRUE("colours <= 4", ccad_csr_colors(&J) <= 4);
    double fromcsr[N * N] = {0};
    for (int i = 0; i < J.nrows; i++) for (int k = J.rowptr[i]; k < J.rowptr[i + 1]; k++) fromcsr[i * N + J.col[k]] = J.val[k];
    CHECK_VEC_CLOSE("sparse jacfwd = jacrev", fromcsr, Jr, N * N, 1e-12, 1e-14);
    CHECK_EQ_INT("nnz", J.nnz, nz);
    ccad_csr_free(&J);
    return oracle_result();
}
