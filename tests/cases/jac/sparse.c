/*
** jac/sparse: the sparse clause (CSR results, ccad_csr) of jacfwd, jacrev
** and hessian, each against the dense request of the same function (the
** oracle: the dense drivers, themselves checked elsewhere against finite
** differences, and here once more by central differences of f):
**   broyden(x, f, n)      MINPACK's Broyden tridiagonal residuals (m = n):
**                         3 colours whatever n;
**   arrow(x, p, y, n)     m = n + 2 outputs of n + 2 inputs: a dense row,
**                         an arrowhead, an empty row (y[n+1] constant), an
**                         empty column (p[1] unused);
**   chain(x, n)           a chain energy with one coupling to x[0]: an
**                         arrowhead plus tridiagonal Hessian (star colouring);
**   sq(a)                 n = m = 1, by value and returned;
**   flip(x, y, n)         a pattern that follows a branch: first called
**                         where the pattern is diagonal, then where it is
**                         not (the check sweep must find the new pattern),
**                         then reused.
** Each sparse result: its pattern holds exactly the dense result's non-zeros
** (the functions have no cancelling entries at random points), sorted
** columns, rowptr consistent; values equal the dense ones to rounding
** (ORACLE_RTOL_EXACT, floor 1e-14 |J|); a second call at another point reuses
** the pattern (same rowptr/col arrays, same colour count) and gives the new
** values; f_*_pattern gives the same pattern with zero values; the primal
** outputs and return values are f's.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

/* MINPACK-2 / More, Garbow, Hillstrom: Broyden tridiagonal function */
void broyden(const double *x, double *fvec, int n)
{
    for (int k = 0; k < n; k++) {
        double temp = (3.0 - 2.0 * x[k]) * x[k];
        double temp1 = k != 0 ? x[k - 1] : 0.0;
        double temp2 = k != n - 1 ? x[k + 1] : 0.0;
        fvec[k] = temp - temp1 - 2.0 * temp2 + 1.0;
    }
}

void arrow(const double *x, const double *p, double *y, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    y[0] = s * p[0];                       /* dense row but for p[1] */
    for (int i = 1; i < n; i++)
        y[i] = x[0] * x[i] + sin(x[i]);   /* arrowhead */
    y[n] = p[0] * x[n - 1];
    y[n + 1] = 2.0;                        /* empty row */
}

double chain(const double *x, int n)
{
    double e = 0.0;
    for (int i = 0; i + 1 < n; i++) {
        double d = x[i + 1] - x[i];
        e += d * d * (1.0 + 0.1 * x[i] * x[i]);
    }
    for (int i = 1; i < n; i++)
        e += 0.5 * x[0] * x[i] * x[i];
    return e;
}

double sq(double a)
{
    return 3.0 * a * a + sin(a);
}

void flip(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = x[i] > 0.0 ? x[i] * x[(i + 1) % n] : 2.0 * x[i];
}

#pragma ad jacfwd(broyden) wrt(x[n]) out(fvec[n]) sparse
#pragma ad jacrev(broyden) wrt(x[n]) out(fvec[n]) sparse
#pragma ad jacfwd(broyden) wrt(x[n]) out(fvec[n]) name(broyden_dense)
#pragma ad jacrev(arrow) wrt(x[n], p[2]) out(y[n + 2]) sparse
#pragma ad jacfwd(arrow) wrt(x[n], p[2]) out(y[n + 2]) sparse name(arrow_fwd)
#pragma ad jacfwd(arrow) wrt(x[n], p[2]) out(y[n + 2]) name(arrow_dense)
#pragma ad hessian(chain) wrt(x[n]) sparse
#pragma ad hessian(chain) wrt(x[n]) name(chain_dense)
#pragma ad jacrev(sq) sparse
#pragma ad hessian(sq) sparse name(sq_hs)
#pragma ad jacfwd(sq) name(sq_dense)
#pragma ad jacfwd(flip) wrt(x[n]) out(y[n]) sparse
#pragma ad jacrev(flip) wrt(x[n]) out(y[n]) sparse
#pragma ad jacfwd(flip) wrt(x[n]) out(y[n]) name(flip_dense)

#include "sparse.ad.h"

#define N 9
#define M (N + 2)

/* A is a well-formed CSR of m x n whose pattern is D's non-zeros and whose
 * values are D's (values_too) or zero. */
static void check_csr(const char *name, const ccad_csr *A, const double *D, int m, int n, int values_too)
{
    char label[160];
    snprintf(label, sizeof label, "%s: %d x %d", name, A->nrows, A->ncols);
    CHECK_TRUE(label, A->nrows == m && A->ncols == n && A->rowptr && A->rowptr[0] == 0 && A->rowptr[m] == A->nnz);
    double *S = calloc((size_t)(m * n + 1), sizeof *S);
    int *seen = calloc((size_t)(m * n + 1), sizeof *seen), sorted = 1, nz = 0;
    for (int i = 0; i < m; i++)
        for (int k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
            sorted &= A->col[k] >= 0 && A->col[k] < n && (k == A->rowptr[i] || A->col[k] > A->col[k - 1]);
            if (A->col[k] < 0 || A->col[k] >= n)
                continue;
            S[i * n + A->col[k]] = A->val[k];
            seen[i * n + A->col[k]] = 1;
        }
    for (int t = 0; t < m * n; t++)
        nz += (D[t] != 0.0) == seen[t];
    snprintf(label, sizeof label, "%s: columns sorted, in range", name);
    CHECK_TRUE(label, sorted);
    snprintf(label, sizeof label, "%s: pattern = the dense non-zeros", name);
    CHECK_EQ_INT(label, nz, m * n);
    if (values_too) {
        snprintf(label, sizeof label, "%s: values = dense", name);
        CHECK_VEC_CLOSE(label, S, D, m * n, ORACLE_RTOL_EXACT, 1e-14 * oracle_norm_inf(D, m * n));
    } else {
        double zero = 0.0;
        for (int k = 0; k < A->nnz; k++)
            zero = fmax(zero, fabs(A->val[k]));
        snprintf(label, sizeof label, "%s: pattern alone, values zero", name);
        CHECK_CLOSE(label, zero, 0.0, 0.0, 0.0);
    }
    free(S);
    free(seen);
}

static void broyden_fd(void *ctx, const double *x, double *y)
{
    (void)ctx;
    broyden(x, y, N);
}

static void arrow_dense_t(const double *x, const double *p, double *J)
{
    double y[M];
    arrow_dense(x, p, y, N, J);
}

int main(void)
{
    OracleRng rng = oracle_rng(12);
    ccad_csr B = {0}, Br = {0}, A = {0}, Af = {0}, H = {0}, S1 = {0}, S2 = {0}, F = {0}, Fr = {0}, P = {0};
    double x[N], y[M], J[M * (N + 2)], fd[N * N], v[N];
    int *rp = NULL, *cols = NULL, colours = 0;
    for (int t = 0; t < 3; t++) {
        char label[128];
        /* ---- broyden: jacfwd and jacrev, 3 colours */
        oracle_fill_uniform(&rng, x, N, -1.5, 1.5);
        broyden_dense(x, y, N, J);
        broyden_jacfwd(x, y, N, &B);
        check_csr("broyden_jacfwd", &B, J, N, N, 1);
        broyden_jacrev(x, y, N, &Br);
        check_csr("broyden_jacrev", &Br, J, N, N, 1);
        CHECK_EQ_INT("broyden jacfwd colours", ccad_csr_colors(&B), 3);
        CHECK_EQ_INT("broyden jacrev colours", ccad_csr_colors(&Br), 3);
        for (int j = 0; j < N; j++) {  /* and the dense one against central differences */
            memset(v, 0, sizeof v);
            v[j] = 1.0;
            double col[N];
            oracle_fd_jvp(broyden_fd, NULL, N, N, x, v, col);
            for (int i = 0; i < N; i++)
                fd[i * N + j] = col[i];
        }
        CHECK_VEC_CLOSE("broyden dense vs FD", J, fd, N * N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        double want[N];
        broyden(x, want, N);
        CHECK_VEC_CLOSE("broyden_jacrev leaves f's outputs", y, want, N, 0.0, 0.0);
        if (t == 0) {
            rp = B.rowptr;
            cols = B.col;
        } else {
            CHECK_TRUE("broyden pattern reused", B.rowptr == rp && B.col == cols);
        }

        /* ---- arrow: dense row, arrowhead, empty row and column */
        double p[2] = {oracle_uniform(&rng, 0.5, 1.5), 0.0};
        p[1] = oracle_uniform(&rng, -1.0, 1.0);
        arrow_dense_t(x, p, J);
        arrow_jacrev(x, p, y, N, &A);
        check_csr("arrow_jacrev", &A, J, M, N + 2, 1);
        arrow_fwd(x, p, y, N, &Af);
        check_csr("arrow_fwd (jacfwd)", &Af, J, M, N + 2, 1);
        CHECK_EQ_INT("arrow empty row", A.rowptr[M] - A.rowptr[M - 1], 0);
        arrow_jacrev_pattern(x, p, y, N, &P);
        check_csr("arrow_jacrev_pattern", &P, J, M, N + 2, 0);

        /* ---- chain: sparse Hessian, star colouring */
        double Hd[N * N];
        double e = chain_hessian(x, N, &H);
        snprintf(label, sizeof label, "point %d chain_hessian returns chain", t);
        CHECK_CLOSE(label, e, chain(x, N), 0.0, 0.0);
        chain_dense(x, N, Hd);
        check_csr("chain_hessian", &H, Hd, N, N, 1);
        if (t == 0)
            colours = ccad_csr_colors(&H);
        CHECK_TRUE("chain colours: 4 (x0 and a star-coloured path)", colours == 4 && ccad_csr_colors(&H) == 4);

        /* ---- sq: 1 x 1 */
        double a = oracle_uniform(&rng, -2.0, 2.0), d1, d;
        double r = sq_jacrev(a, &S1);
        sq_dense(a, &d1);
        CHECK_CLOSE("sq_jacrev returns sq", r, sq(a), 0.0, 0.0);
        check_csr("sq_jacrev", &S1, &d1, 1, 1, 1);
        sq_hs(a, &S2);
        d = 6.0 - sin(a);
        check_csr("sq_hs (hessian)", &S2, &d, 1, 1, 1);

        /* ---- flip: the pattern follows the branch */
        double xf[N];
        for (int i = 0; i < N; i++)
            xf[i] = t == 0 ? -oracle_uniform(&rng, 0.5, 1.5) : oracle_uniform(&rng, 0.5, 1.5);
        flip_dense(xf, y, N, J);
        flip_jacfwd(xf, y, N, &F);
        check_csr("flip_jacfwd", &F, J, N, N, 1);
        flip_jacrev(xf, y, N, &Fr);
        check_csr("flip_jacrev", &Fr, J, N, N, 1);
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    ccad_csr_free(&B);
    ccad_csr_free(&Br);
    ccad_csr_free(&A);
    ccad_csr_free(&Af);
    ccad_csr_free(&H);
    ccad_csr_free(&S1);
    ccad_csr_free(&S2);
    ccad_csr_free(&F);
    ccad_csr_free(&Fr);
    ccad_csr_free(&P);
    CHECK_TRUE("freed: empty", B.rowptr == NULL && B.plan == NULL && ccad_csr_colors(&B) == 0);
    return oracle_result();
}
