/*
** jac/sparse_bits: the sparse drivers find the pattern by pattern sweeps
** (tool/transform/vector_bits.c): copies of the derivative sweeps whose
** derivative values are sets of 64 columns (rows) in their bits, each
** statement the union of what it reads. Shapes the copies must follow
** exactly, with more than 64 columns (several words and lanes per sweep):
**   resid(x, r, n)    n = 200 residuals of a band written with a helper
**                     called per row (its pattern copy too), fmax and a
**                     ternary choosing one neighbour or the other, a
**                     product by a value that is 0 at the probe (x[k]*y,
**                     y = 0: structural, in the pattern); jacfwd and jacrev;
**   energy(x, n)      n = 150: a chain plus a hub (the last variable), the
**                     hessian by its one-lane hvp sweep as bits;
**   soft(x, r, n)     a custom_jvp rule called per direction: no pattern
**                     sweep, NaN probes (the same results).
** Oracles: the dense requests (jacfwd, hessian) to rounding, and the pattern
** equal to the dense result's non-zeros (no cancelling entries at these
** points; the structural zero of resid is dense's zero too, so that entry
** is compared by value only); a second call at other inputs reuses the
** pattern; f_*_pattern gives the same pattern with zero values.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

static double pair(double a, double b, double w)
{
    return w * a * b + sin(a - b);
}

double zero_coef = 0.0;  /* data: x[k] * zero_coef is structural, 0 at every point */

void resid(const double *x, double *r, int n)
{
    for (int k = 0; k < n; k++) {
        double left = k > 0 ? x[k - 1] : 0.0;
        double right = k + 1 < n ? x[k + 1] : 1.0;
        double pick = x[k] > 0.0 ? left : right;
        r[k] = pair(x[k], pick, 0.5) + fmax(x[k], 0.25) + x[(k + 37) % n] * zero_coef;
    }
}

double energy(const double *x, int n)
{
    double e = 0.0;
    for (int i = 0; i + 1 < n - 1; i++) {
        double d = x[i + 1] - x[i];
        e += d * d * d * d + x[n - 1] * cos(x[i]);
    }
    return e;
}

double softplus(double u) { return log1p(exp(u)); }
double my_softplus_jvp(double u, double u_dot, double *ret_dot)
{
    *ret_dot = u_dot / (1.0 + exp(-u));
    return log1p(exp(u));
}
#pragma ad custom_jvp(softplus, my_softplus_jvp)

void soft(const double *x, double *r, int n)
{
    for (int k = 0; k < n; k++)
        r[k] = softplus(x[k] * x[(k + 1) % n]);
}

#pragma ad jacfwd(resid) wrt(x[n]) out(r[n]) sparse
#pragma ad jacrev(resid) wrt(x[n]) out(r[n]) sparse
#pragma ad jacfwd(resid) wrt(x[n]) out(r[n]) name(resid_dense)
#pragma ad hessian(energy) wrt(x[n]) sparse
#pragma ad hessian(energy) wrt(x[n]) name(energy_dense)
#pragma ad jacfwd(soft) wrt(x[n]) out(r[n]) sparse
#pragma ad jacfwd(soft) wrt(x[n]) out(r[n]) name(soft_dense)

#include "sparse_bits.ad.h"

#define N 200
#define NH 150

/* A's pattern is D's non-zeros but for the entries 'structural' marks
 * (which must be in it), and its values D's */
static void check(const char *name, const ccad_csr *A, const double *D, int m, int n, const char *structural)
{
    char label[128];
    int in_pattern = 0, want = 0, sorted = 1;
    double *S = calloc((size_t)m * n, sizeof *S);
    char *seen = calloc((size_t)m * n, 1);
    for (int i = 0; i < m; i++)
        for (int k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
            sorted &= k == A->rowptr[i] || A->col[k] > A->col[k - 1];
            S[(long)i * n + A->col[k]] = A->val[k];
            seen[(long)i * n + A->col[k]] = 1;
        }
    for (long t = 0; t < (long)m * n; t++) {
        int need = D[t] != 0.0 || (structural && structural[t]);
        want += need;
        in_pattern += need && seen[t];
    }
    snprintf(label, sizeof label, "%s: pattern holds every entry", name);
    CHECK_EQ_INT(label, in_pattern, want);
    snprintf(label, sizeof label, "%s: nothing else, sorted", name);
    CHECK_TRUE(label, A->nnz == want && sorted);
    snprintf(label, sizeof label, "%s: values = dense", name);
    CHECK_VEC_CLOSE(label, S, D, (long)m * n, ORACLE_RTOL_EXACT, 1e-14 * oracle_norm_inf(D, (long)m * n));
    free(S);
    free(seen);
}

int main(void)
{
    OracleRng rng = oracle_rng(64);
    static double x[N], r[N], J[N * N], H[NH * NH];
    static char structural[N * N];
    for (int k = 0; k < N; k++)
        structural[(long)k * N + (k + 37) % N] = 1;
    ccad_csr F = {0}, R = {0}, E = {0}, P = {0}, S = {0};
    for (int t = 0; t < 2; t++) {
        oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
        resid_dense(x, r, N, J);
        resid_jacfwd(x, r, N, &F);
        check("resid_jacfwd", &F, J, N, N, structural);
        resid_jacrev(x, r, N, &R);
        check("resid_jacrev", &R, J, N, N, structural);
        resid_jacrev_pattern(x, r, N, &P);
        double zero = 0.0;
        for (int k = 0; k < P.nnz; k++)
            zero = fmax(zero, fabs(P.val[k]));
        CHECK_TRUE("resid_jacrev_pattern: the same pattern, values zero", P.nnz == R.nnz && zero == 0.0);

        energy_dense(x, NH, H);
        double e = energy_hessian(x, NH, &E);
        CHECK_CLOSE("energy_hessian returns energy", e, energy(x, NH), 0.0, 0.0);
        check("energy_hessian", &E, H, NH, NH, NULL);
        CHECK_TRUE("energy_hessian: chain plus hub in at most 4 colours", ccad_csr_colors(&E) <= 4);

        soft_dense(x, r, N, J);
        soft_jacfwd(x, r, N, &S);
        check("soft_jacfwd (NaN probes)", &S, J, N, N, NULL);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    ccad_csr_free(&F);
    ccad_csr_free(&R);
    ccad_csr_free(&E);
    ccad_csr_free(&P);
    ccad_csr_free(&S);
    return oracle_result();
}
