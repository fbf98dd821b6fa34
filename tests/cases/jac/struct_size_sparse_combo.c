/*
** jac/struct_size_sparse_combo: requests written against a problem struct,
** the way a solver library's user writes them: sizes read through a struct
** pointer (wrt(x[pb->n]), out(g[pb->n])), the struct's own doubles inactive
** (not in wrt), a nonlinear spring chain energy whose Hessian is
** tridiagonal. The same matrix is asked for six ways: hessian (dense),
** hessian sparse, jacrev sparse and jacfwd sparse of the hand-written
** gradient, hvp, and jvp of the generated gradient (forward over reverse,
** composed), each checked against the closed-form Hessian.
** Oracles: closed form (rtol 1e-12, floor 1e-14 times the entry scale);
** the sparse patterns are the tridiagonal one (3 colours).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Chain {
    int n;
    double rest;        /* rest length */
    const double *k;    /* spring constants, n - 1 of them */
    double eps;
} Chain;

double energy(const Chain *pb, const double *x)
{
    double e = 0.0;
    for (int i = 0; i + 1 < pb->n; i++) {
        double d = x[i + 1] - x[i] - pb->rest;
        e += 0.5 * pb->k[i] * d * d;
    }
    for (int i = 0; i < pb->n; i++)
        e += pb->eps * cosh(x[i]);
    return e;
}

/* the gradient by hand, as the solver uses it */
void energy_grad_hand(const Chain *pb, const double *x, double *g)
{
    for (int i = 0; i < pb->n; i++)
        g[i] = pb->eps * sinh(x[i]);
    for (int i = 0; i + 1 < pb->n; i++) {
        double d = x[i + 1] - x[i] - pb->rest;
        g[i] -= pb->k[i] * d;
        g[i + 1] += pb->k[i] * d;
    }
}

#pragma ad hessian(energy) wrt(x[pb->n])
#pragma ad hessian(energy) wrt(x[pb->n]) sparse name(energy_hess_sp)
#pragma ad grad(energy) wrt(x[pb->n])
#pragma ad jvp(energy_grad) wrt(x[pb->n]) out(x_bar[pb->n])
#pragma ad hvp(energy) wrt(x[pb->n])
#pragma ad jacrev(energy_grad_hand) wrt(x[pb->n]) out(g[pb->n]) sparse
#pragma ad jacfwd(energy_grad_hand) wrt(x[pb->n]) out(g[pb->n]) sparse

#include "struct_size_sparse_combo.ad.h"

#define N 9

static double want_h(const Chain *pb, const double *x, int i, int j)
{
    double h = 0.0;
    if (i == j) {
        h = pb->eps * cosh(x[i]);
        if (i > 0) h += pb->k[i - 1];
        if (i + 1 < pb->n) h += pb->k[i];
    } else if (j == i + 1) {
        h = -pb->k[i];
    } else if (i == j + 1) {
        h = -pb->k[j];
    }
    return h;
}

static void check_csr(const char *what, const ccad_csr *a, const Chain *pb, const double *x)
{
    char label[96];
    double dense[N * N];
    memset(dense, 0, sizeof dense);
    oracle_check_eq_long(what, a->nrows, N);
    for (int i = 0; i < a->nrows; i++)
        for (int p = a->rowptr[i]; p < a->rowptr[i + 1]; p++)
            dense[i * N + a->col[p]] = a->val[p];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            snprintf(label, sizeof label, "%s[%d,%d]", what, i, j);
            oracle_check_close(label, dense[i * N + j], want_h(pb, x, i, j), 1e-12, 1e-14);
        }
    snprintf(label, sizeof label, "%s nnz", what);
    oracle_check_eq_long(label, a->nnz, 3 * N - 2);
    snprintf(label, sizeof label, "%s colours", what);
    CHECK_TRUE(label, ccad_csr_colors(a) <= 3);
}

int main(void)
{
    double k[N - 1], x[N], H[N * N];
    Chain pb = {N, 0.5, k, 0.1};
    char label[96];
    OracleRng rng = oracle_rng(1924);
    for (int i = 0; i < N - 1; i++) k[i] = oracle_uniform(&rng, 1.0, 3.0);
    for (int i = 0; i < N; i++) x[i] = 0.5 * i + oracle_uniform(&rng, -0.2, 0.2);

    energy_hessian(&pb, x, H);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            snprintf(label, sizeof label, "hessian[%d,%d]", i, j);
            oracle_check_close(label, H[i * N + j], want_h(&pb, x, i, j), 1e-12, 1e-14);
        }

    for (int call = 0; call < 2; call++) {   /* the second call reuses the pattern */
        ccad_csr Hs = {0}, Jr = {0}, Jf = {0};
        double g[N];
        if (call) x[3] += 0.1;
        energy_hess_sp(&pb, x, &Hs);
        energy_grad_hand_jacrev(&pb, x, g, &Jr);
        energy_grad_hand_jacfwd(&pb, x, g, &Jf);
        if (call) {
            x[3] += 0.05;
            energy_hess_sp(&pb, x, &Hs);
            energy_grad_hand_jacrev(&pb, x, g, &Jr);
            energy_grad_hand_jacfwd(&pb, x, g, &Jf);
        }
        check_csr(call ? "hess_sparse(2)" : "hess_sparse", &Hs, &pb, x);
        check_csr(call ? "jacrev_sparse(2)" : "jacrev_sparse", &Jr, &pb, x);
        check_csr(call ? "jacfwd_sparse(2)" : "jacfwd_sparse", &Jf, &pb, x);
        ccad_csr_free(&Hs);
        ccad_csr_free(&Jr);
        ccad_csr_free(&Jf);
    }

    /* hvp and jvp(grad) against H v */
    double v[N], hv[N], g[N], gd[N], e_dot;
    for (int i = 0; i < N; i++) v[i] = oracle_uniform(&rng, -1, 1);
    energy_hvp(&pb, x, v, hv);
    e_dot = energy_grad_jvp(&pb, x, v, g, gd);  /* out(x_bar): the energy is returned, no tangent */
    double gh[N];
    energy_grad_hand(&pb, x, gh);
    double ed = 0.0;
    for (int i = 0; i < N; i++) ed += gh[i] * v[i];
    oracle_check_close("jvp(grad) energy", e_dot, energy(&pb, x), 1e-14, 0);
    (void)ed;
    for (int i = 0; i < N; i++) {
        double w = 0.0;
        for (int j = 0; j < N; j++) w += want_h(&pb, x, i, j) * v[j];
        snprintf(label, sizeof label, "hvp[%d]", i);
        oracle_check_close(label, hv[i], w, 1e-12, 1e-14);
        snprintf(label, sizeof label, "jvp(grad) grad_dot[%d]", i);
        oracle_check_close(label, gd[i], w, 1e-12, 1e-14);
        snprintf(label, sizeof label, "jvp(grad) grad[%d]", i);
        oracle_check_close(label, g[i], gh[i], 1e-12, 1e-14);
    }
    return oracle_result();
}
