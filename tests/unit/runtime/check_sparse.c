/*
** check_sparse.c: unit tests for the sparse drivers' runtime
** (runtime/sparse.c), driven as a generated driver drives it, with a known
** matrix D standing for the sweeps: a sweep returns D s (jacfwd, hessian)
** or D^T s (jacrev), where only D's structural non-zeros take part (so a NaN
** seed reaches exactly the rows of its column, as in a derivative sweep).
** Random patterns with empty rows and columns, a dense row and a dense
** column, symmetric ones for the Hessian (where the star colouring's
** symmetric recovery is exercised); each result is compared with D, the
** colourings are checked (distance-1 columns or rows, star), a reuse at new
** values and a changed pattern (found again by the check sweep) too.
*/
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"

static uint64_t rng_state;

static double unif(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* D's sweep: structural entries only */
static void sweep(int kind, const double *D, int m, int n, const double *seed, double *got)
{
    int ng = kind == 1 ? n : m;
    for (int t = 0; t < ng; t++)
        got[t] = 0.0;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            double d = D[i * n + j];
            if (d == 0.0)
                continue;
            if (kind == 1)
                got[j] += d * seed[i];
            else
                got[i] += d * seed[j];
        }
}

/* D's pattern sweep (kind | 8: sets of 64 indices in each value's bits,
 * vector_bits.c): the union of the seeds' sets along structural entries;
 * 'drop' (>= 0) loses the entry at that index of D, as a faulty pattern
 * sweep would */
static long drop = -1;

static void bits_sweep(int kind, const double *D, int m, int n, const double *seed, double *got)
{
    int ng = kind == 1 ? n : m;
    for (int t = 0; t < ng; t++)
        got[t] = 0.0;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            if (D[i * n + j] == 0.0 || i * n + j == drop)
                continue;
            int to = kind == 1 ? j : i, from = kind == 1 ? i : j;
            got[to] = ccad_bits_or(got[to], seed[from]);
        }
}

/* what a generated driver runs; returns the sweeps it took */
static long drive(ccad_csr *A, int kind, const double *D, int m, int n, int pattern)
{
    double *seed = calloc((size_t)(m + n + 1), sizeof *seed), *got = calloc((size_t)(m + n + 1), sizeof *got);
    long runs = 0;
    if (pattern)  /* what f_jacfwd_pattern does before it calls f_jacfwd */
        ccad__sparse_pattern_call(A);
    for (int phase = ccad__sparse_begin(A, kind, m, n, 0); phase < 2; phase = ccad__sparse_next(A, phase, 1)) {
        const long count = ccad__sparse_sweeps(A, phase);
        for (long s = 0; s < count || s == 0; s++) {
            ccad__sparse_seed(A, phase, s, seed);
            if (ccad__sparse_bits(A, phase))
                bits_sweep(kind & 3, D, m, n, seed, got);
            else
                sweep(kind & 3, D, m, n, seed, got);
            ccad__sparse_gather(A, phase, s, got);
            runs++;
        }
    }
    free(seed);
    free(got);
    return runs;
}

/* A holds D's pattern and values */
static void same(const ccad_csr *A, const double *D, int m, int n)
{
    ck_assert_int_eq(A->nrows, m);
    ck_assert_int_eq(A->ncols, n);
    ck_assert_int_eq(A->rowptr[0], 0);
    ck_assert_int_eq(A->rowptr[m], A->nnz);
    int nnz = 0;
    for (int t = 0; t < m * n; t++)
        nnz += D[t] != 0.0;
    ck_assert_int_eq(A->nnz, nnz);
    for (int i = 0; i < m; i++)
        for (int k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
            int j = A->col[k];
            ck_assert(j >= 0 && j < n);
            ck_assert(k == A->rowptr[i] || j > A->col[k - 1]);
            double want = D[i * n + j];
            ck_assert_msg(want != 0.0 && fabs(A->val[k] - want) <= 1e-14 * fabs(want), "entry (%d, %d): %g, want %g", i,
                          j, A->val[k], want);
        }
}

/* a random pattern (symmetric for the Hessian) with random values */
static void random_matrix(double *D, int kind, int m, int n, double density)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            D[i * n + j] = unif() < density ? 0.5 + unif() : 0.0;
    if (m > 3 && unif() < 0.5)  /* a dense row */
        for (int j = 0; j < n; j++)
            D[n + j] = 1.0 + unif();
    if (n > 3 && unif() < 0.5)  /* a dense column */
        for (int i = 0; i < m; i++)
            D[i * n + 2] = 1.0 + unif();
    if (m > 2)  /* an empty row */
        for (int j = 0; j < n; j++)
            D[(m - 1) * n + j] = 0.0;
    if (n > 2 && kind != 2)  /* an empty column */
        for (int i = 0; i < m; i++)
            D[i * n + n - 2] = 0.0;
    if (kind == 2) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                D[j * n + i] = D[i * n + j];
        if (n > 2)
            for (int t = 0; t < n; t++)
                D[(n - 1) * n + t] = D[t * n + n - 1] = 0.0;
    }
}

/* the same pattern, new values */
static void revalue(double *D, int len)
{
    for (int t = 0; t < len; t++)
        if (D[t] != 0.0)
            D[t] = -0.5 - unif();
}

static void resym(double *D, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            D[j * n + i] = D[i * n + j];
}

START_TEST(random_patterns)
{
    rng_state = 12345u + (uint64_t)_i;
    int kind = _i % 3;
    int m = 1 + (int)(unif() * 30), n = 1 + (int)(unif() * 30);
    if (kind == 2)
        m = n;
    double density = unif() * 0.3;
    double *D = calloc((size_t)(m * n), sizeof *D);
    random_matrix(D, kind, m, n, density);
    ccad_csr A = {0};
    drive(&A, kind, D, m, n, 0);
    same(&A, D, m, n);
    int colours = ccad_csr_colors(&A), *rp = A.rowptr;
    int most = kind == 1 ? m : n;
    ck_assert_int_le(colours, most);
    /* reuse: colours + 1 check sweep, the same arrays */
    revalue(D, m * n);
    if (kind == 2)
        resym(D, n);
    long runs = drive(&A, kind, D, m, n, 0);
    ck_assert_int_eq(runs, colours > 0 ? colours + 1 : 1);
    ck_assert_ptr_eq(A.rowptr, rp);
    same(&A, D, m, n);
    /* a new entry: the check sweep finds it, the call finds the pattern again */
    if (m > 1 && n > 1) {
        int i = (int)(unif() * (m - 1)), j = (int)(unif() * (n - 1));
        D[i * n + j] = 7.0;
        if (kind == 2)
            D[j * n + i] = 7.0;
        drive(&A, kind, D, m, n, 0);
        same(&A, D, m, n);
    }
    /* the pattern alone */
    ccad_csr P = {0};
    drive(&P, kind, D, m, n, 1);
    ck_assert_int_eq(P.nnz, A.nnz);
    for (int k = 0; k < P.nnz; k++)
        ck_assert(P.val[k] == 0.0 && P.col[k] == A.col[k]);
    ccad_csr_free(&P);
    /* the pattern alone into a matrix that has values, then values again:
     * the request holds for one call */
    drive(&A, kind, D, m, n, 1);
    for (int k = 0; k < A.nnz; k++)
        ck_assert(A.val[k] == 0.0);
    drive(&A, kind, D, m, n, 0);
    same(&A, D, m, n);
    ccad_csr_free(&A);
    ck_assert_ptr_null(A.rowptr);
    free(D);
}
END_TEST

/* The pattern by bits (64 indices a sweep): the same matrices, in
 * (n + 63) / 64 pattern sweeps plus the values' and one check sweep; a
 * pattern sweep that misses an entry is caught by that check, and the
 * call finds the pattern again by NaN probes. */
START_TEST(bits_patterns)
{
    rng_state = 777u + (uint64_t)_i;
    int kind = _i % 3;
    int m = 1 + (int)(unif() * 150), n = 1 + (int)(unif() * 150);
    if (kind == 2)
        m = n;
    double *D = calloc((size_t)(m * n), sizeof *D);
    random_matrix(D, kind, m, n, unif() * 0.1);
    ccad_csr A = {0}, B = {0};
    drop = -1;
    long runs = drive(&A, kind | 8, D, m, n, 0);
    same(&A, D, m, n);
    long probes = kind == 1 ? m : n, colours = ccad_csr_colors(&A);
    ck_assert_int_eq(runs, (probes + 63) / 64 + colours + 1);
    drive(&A, kind | 8, D, m, n, 0);  /* reused as before */
    same(&A, D, m, n);
    if (m > 1 && n > 1) {  /* a new entry: the pattern found again, by bits again */
        int i = (int)(unif() * (m - 1)), j = (int)(unif() * (n - 1));
        D[i * n + j] = 7.0;
        if (kind == 2)
            D[j * n + i] = 7.0;
        long again = drive(&A, kind | 8, D, m, n, 0);
        same(&A, D, m, n);
        ck_assert_int_le(again, colours + 1 + (probes + 63) / 64 + ccad_csr_colors(&A) + 1);
    }
    for (long t = 0; t < (long)m * n && drop < 0; t++)  /* a faulty pattern sweep */
        if (D[t] != 0.0 && unif() < 0.3)
            drop = t;
    drive(&B, kind | 8, D, m, n, 0);
    same(&B, D, m, n);
    /* the pattern alone, by the faulty sweep too: checked, values zero */
    ccad_csr P = {0};
    drive(&P, kind | 8, D, m, n, 1);
    ck_assert_int_eq(P.nnz, A.nnz);
    for (int k = 0; k < P.nnz; k++)
        ck_assert(P.val[k] == 0.0 && P.col[k] == A.col[k]);
    drop = -1;
    ccad_csr_free(&P);
    ccad_csr_free(&A);
    ccad_csr_free(&B);
    free(D);
}
END_TEST

/* Colourings: the tridiagonal Jacobian takes 3 colours both ways; an
 * arrowhead Hessian takes 2 (the star colouring's gain: columns of H would
 * need n); the chain plus arrowhead 4. */
START_TEST(colour_counts)
{
    enum { N = 40 };
    static double D[N * N];
    ccad_csr A = {0};
    memset(D, 0, sizeof D);
    for (int i = 0; i < N; i++)
        for (int j = i - 1; j <= i + 1; j++)
            if (j >= 0 && j < N)
                D[i * N + j] = 1.0 + i + 0.5 * j;
    for (int kind = 0; kind < 3; kind++) {
        if (kind == 2)
            resym(D, N);
        drive(&A, kind, D, N, N, 0);
        same(&A, D, N, N);
        ck_assert_int_eq(ccad_csr_colors(&A), 3);
    }
    memset(D, 0, sizeof D);
    for (int i = 0; i < N; i++)
        D[i * N + i] = D[i] = D[i * N] = 2.0 + i;
    drive(&A, 2, D, N, N, 0);
    same(&A, D, N, N);
    ck_assert_int_eq(ccad_csr_colors(&A), 2);
    for (int i = 0; i + 1 < N; i++)
        D[i * N + i + 1] = D[(i + 1) * N + i] = 3.0 + i;
    drive(&A, 2, D, N, N, 0);
    same(&A, D, N, N);
    ck_assert_int_eq(ccad_csr_colors(&A), 4);
    ccad_csr_free(&A);
}
END_TEST

/* skip_check: no check sweep, and it survives a new pattern */
START_TEST(skip_check)
{
    double D[4] = {1.0, 0.0, 0.0, 2.0};
    ccad_csr A = {0};
    A.skip_check = 1;
    drive(&A, 0, D, 2, 2, 0);
    ck_assert_int_eq(A.skip_check, 1);
    ck_assert_int_eq(drive(&A, 0, D, 2, 2, 0), 1);
    same(&A, D, 2, 2);
    A.skip_check = 0;
    ck_assert_int_eq(drive(&A, 0, D, 2, 2, 0), 2);
    /* another size: a new pattern */
    double E[6] = {1.0, 0.0, 3.0, 0.0, 2.0, 0.0};
    drive(&A, 0, E, 2, 3, 0);
    same(&A, E, 2, 3);
    ccad_csr_free(&A);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sparse");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, random_patterns, 0, 300);
    tcase_add_loop_test(tc, bits_patterns, 0, 60);
    tcase_add_test(tc, colour_counts);
    tcase_add_test(tc, skip_check);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
