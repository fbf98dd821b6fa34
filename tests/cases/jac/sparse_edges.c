// EXPECT-WARNING: has no path to any output
/* jac/sparse_edges (probe16): sparse drivers at the edges: constant rows and
   an unread input column, one dense row and one dense column, m != n, a
   Jacobian with no entry at all (nnz = 0, warning: x has no path), n = 1,
   f_jacfwd_pattern then a values call reusing it, a Hessian whose branch
   drops an entry (the reused pattern keeps it, value 0) and brings it back
   (outside the pattern: found again). Oracle: every dense non-zero is in the
   pattern, columns ascend, and every stored value equals the dense driver's
   (1e-13). */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

void F(const double *x, int n, double *y, int m)
{
    for (int i = 0; i < m; i++) y[i] = 0.5;                 /* constant rows unless written below */
    double s = 0;
    for (int j = 0; j < n; j++) s += x[j] * x[j];
    y[0] = s;                                              /* dense row */
    for (int i = 2; i < m && i - 2 < n - 1; i += 2) y[i] = x[0] * x[i - 1];   /* dense column 0 */
    /* x[n-1] is read by nothing: empty column */
}
void Z(const double *x, int n, double *y, int m)
{
    (void)x;
    for (int i = 0; i < m; i++) y[i] = (double)(i + n);   /* no derivative anywhere */
}
double E(const double *x, int n)
{
    double e = 0;
    for (int j = 0; j + 1 < n; j++) e += x[0] * x[j + 1] * x[j + 1];  /* arrowhead */
    return e + (x[0] > 0 ? x[1] * x[2] : 0.0);
}
double one(const double *x) { return x[0] * x[0] * x[0]; }

#pragma ad jacfwd(F) wrt(x[n]) out(y[m]) sparse
#pragma ad jacrev(F) wrt(x[n]) out(y[m]) sparse
#pragma ad jacfwd(F) wrt(x[n]) out(y[m]) name(F_dense)
#pragma ad jacfwd(Z) wrt(x[n]) out(y[m]) sparse
#pragma ad jacrev(Z) wrt(x[n]) out(y[m]) sparse
#pragma ad hessian(E) wrt(x[n]) sparse
#pragma ad hessian(E) wrt(x[n]) name(E_dense)
#pragma ad hessian(one) wrt(x[1]) sparse
#pragma ad jacrev(one) wrt(x[1]) sparse
#include "sparse_edges.ad.h"

static int csr_ok(const char *lab, const ccad_csr *A, const double *D, int m, int n, int vals)
{
    int ok = A->nrows == m && A->ncols == n && A->rowptr && A->rowptr[0] == 0 && A->rowptr[m] == A->nnz;
    char l[128];
    snprintf(l, sizeof l, "%s: shape", lab);
    CHECK_TRUE(l, ok);
    if (!ok) return 0;
    int nz = 0, found = 0;
    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) if (D[i * n + j] != 0) {
        nz++;
        for (int k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) found += A->col[k] == j;
    }
    snprintf(l, sizeof l, "%s: every dense nonzero in the pattern", lab);
    CHECK_EQ_INT(l, found, nz);
    for (int i = 0; i < m; i++)
        for (int k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
            if (k > A->rowptr[i]) CHECK_TRUE("ascending", A->col[k] > A->col[k - 1]);
            snprintf(l, sizeof l, "%s: (%d,%d)", lab, i, A->col[k]);
            CHECK_CLOSE(l, A->val[k], vals ? D[i * n + A->col[k]] : 0.0, 1e-13, 1e-15);
        }
    return 1;
}

int main(void)
{
    enum { N = 5, M = 7 };
    double x[N] = {0.4, -1.2, 0.7, 1.9, -0.3}, y[M], D[M * N];
    F_dense(x, N, y, M, D);
    ccad_csr A = {0}, B = {0}, P = {0};
    F_jacfwd(x, N, y, M, &A); csr_ok("F jacfwd", &A, D, M, N, 1);
    F_jacrev(x, N, y, M, &B); csr_ok("F jacrev", &B, D, M, N, 1);
    F_jacfwd_pattern(x, N, y, M, &P); csr_ok("F jacfwd_pattern", &P, D, M, N, 0);
    x[0] = 2.0; F_dense(x, N, y, M, D);
    F_jacfwd(x, N, y, M, &P); csr_ok("F jacfwd after pattern call", &P, D, M, N, 1);
    F_jacrev(x, N, y, M, &B); csr_ok("F jacrev reuse", &B, D, M, N, 1);
    ccad_csr_free(&A); ccad_csr_free(&B); ccad_csr_free(&P);
    CHECK_TRUE("freed is empty", A.rowptr == NULL && A.nnz == 0);

    double Dz[M * N] = {0};
    ccad_csr Zf = {0}, Zr = {0};
    Z_jacfwd(x, N, y, M, &Zf); csr_ok("Z jacfwd (no entries)", &Zf, Dz, M, N, 1);
    Z_jacrev(x, N, y, M, &Zr); csr_ok("Z jacrev (no entries)", &Zr, Dz, M, N, 1);
    Z_jacfwd(x, N, y, M, &Zf); csr_ok("Z jacfwd again", &Zf, Dz, M, N, 1);
    ccad_csr_free(&Zf); ccad_csr_free(&Zr);

    double H[N * N];
    ccad_csr Hs = {0};
    x[0] = 0.4;
    E_dense(x, N, H); E_hessian(x, N, &Hs); csr_ok("E hessian", &Hs, H, N, N, 1);
    x[0] = -0.4;   /* branch: x1*x2 term drops */
    E_dense(x, N, H); E_hessian(x, N, &Hs); csr_ok("E hessian, other branch", &Hs, H, N, N, 1);
    x[0] = 0.9;    /* back: the term comes back, outside the stored pattern */
    E_dense(x, N, H); E_hessian(x, N, &Hs); csr_ok("E hessian, entries outside the pattern", &Hs, H, N, N, 1);
    ccad_csr_free(&Hs);

    double o = 0.7, Ho[1] = {6 * 0.7}, Jo[1] = {3 * 0.49};
    ccad_csr h1 = {0}, j1 = {0};
    one_hessian(&o, &h1); csr_ok("n=1 hessian", &h1, Ho, 1, 1, 1);
    one_jacrev(&o, &j1); csr_ok("n=1 jacrev", &j1, Jo, 1, 1, 1);
    ccad_csr_free(&h1); ccad_csr_free(&j1);
    return oracle_result();
}
