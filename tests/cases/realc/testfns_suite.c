// CFLAGS: -D_DEFAULT_SOURCE -fopenmp
// LIBS: -fopenmp
/*
** realc/testfns_suite: the global-optimisation benchmark functions as the
** usual C collections write them (Ackley, Rastrigin, Griewank with its
** product of cosines, extended Rosenbrock), selected by a switch on an int,
** in every mode: grad and hessian against closed forms; hessian sparse
** (Rastrigin diagonal: 1 colour; Rosenbrock tridiagonal: 3) against the
** dense hessian; hvp against the dense hessian times v; vmap(grad) over a
** batch of points against the unbatched gradient (1 and 2 threads).
** Tolerances: closed forms 1e-12 relative (a floor of 1e-12 times the
** largest entry for entries that cancel), sparse and hvp against dense 1e-13.
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

double testfn(int which, const double *x, int n)
{
    double s = 0.0;
    switch (which) {
    case 0: {   /* Ackley */
        double s1 = 0.0, s2 = 0.0;
        for (int i = 0; i < n; i++) { s1 += x[i] * x[i]; s2 += cos(2.0 * M_PI * x[i]); }
        s = -20.0 * exp(-0.2 * sqrt(s1 / n)) - exp(s2 / n) + 20.0 + M_E;
        break;
    }
    case 1:     /* Rastrigin */
        s = 10.0 * n;
        for (int i = 0; i < n; i++) s += x[i] * x[i] - 10.0 * cos(2.0 * M_PI * x[i]);
        break;
    case 2: {   /* Griewank */
        double p = 1.0;
        for (int i = 0; i < n; i++) { s += x[i] * x[i] / 4000.0; p *= cos(x[i] / sqrt(i + 1.0)); }
        s = s - p + 1.0;
        break;
    }
    default:    /* Rosenbrock */
        for (int i = 0; i < n - 1; i++) { double a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i]; s += 100.0 * a * a + b * b; }
    }
    return s;
}
#pragma ad grad(testfn) wrt(x[n])
#pragma ad hessian(testfn) wrt(x[n])
#pragma ad hessian(testfn) wrt(x[n]) sparse name(testfn_hess_sp)
#pragma ad hvp(testfn) wrt(x[n])
#pragma ad vmap(testfn_grad) batch(x[n], x_bar[n])
#include "testfns_suite.ad.h"

#define N 6
static void closed_grad(int w, const double *x, double *g)
{
    double tp = 2 * M_PI;
    if (w == 0) {
        double s1 = 0, s2 = 0; for (int i = 0; i < N; i++) { s1 += x[i] * x[i]; s2 += cos(tp * x[i]); }
        double r = sqrt(s1 / N), e1 = exp(-0.2 * r), e2 = exp(s2 / N);
        for (int i = 0; i < N; i++) g[i] = 20 * 0.2 * e1 * x[i] / (N * r) + e2 * tp * sin(tp * x[i]) / N;
    } else if (w == 1) {
        for (int i = 0; i < N; i++) g[i] = 2 * x[i] + 10 * tp * sin(tp * x[i]);
    } else if (w == 2) {
        for (int i = 0; i < N; i++) {
            double p = 1; for (int j = 0; j < N; j++) if (j != i) p *= cos(x[j] / sqrt(j + 1.0));
            g[i] = x[i] / 2000 + p * sin(x[i] / sqrt(i + 1.0)) / sqrt(i + 1.0);
        }
    } else {
        memset(g, 0, N * sizeof *g);
        for (int i = 0; i < N - 1; i++) { double a = x[i + 1] - x[i] * x[i]; g[i] += -400 * a * x[i] - 2 * (1 - x[i]); g[i + 1] += 200 * a; }
    }
}
int main(void)
{
    OracleRng rng = oracle_rng(17);
    double x[N], g[N], gw[N], H[N * N], v[N], hv[N], Hv[N];
    oracle_fill_uniform(&rng, x, N, -1.5, 1.5);
    oracle_fill_uniform(&rng, v, N, -1, 1);
    ccad_csr Keep = {0};
    for (int w = 3; w >= 0; w--) {
        double val = testfn_grad(w, x, g, N);
        CHECK_CLOSE("primal", val, testfn(w, x, N), 0, 0);
        closed_grad(w, x, gw);
        CHECK_VEC_CLOSE("grad closed form", g, gw, N, 1e-12, 1e-12 * oracle_norm_inf(gw, N));
        testfn_hessian(w, x, N, H);
        double hmax = oracle_norm_inf(H, N * N);
        for (int i = 0; i < N; i++) {   /* hessian column i by central differences of the closed-form gradient */
            double xp[N], xm[N], gp[N], gm[N], col[N], h = 1e-6;
            memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x); xp[i] += h; xm[i] -= h;
            closed_grad(w, xp, gp); closed_grad(w, xm, gm);
            for (int j = 0; j < N; j++) col[j] = (gp[j] - gm[j]) / (2 * h);
            for (int j = 0; j < N; j++) CHECK_CLOSE("hessian fd", H[j * N + i], col[j], 1e-6, 1e-7 * hmax);
        }
        ccad_csr S = {0};
        testfn_hess_sp(w, x, N, &S);
        double D[N * N] = {0};
        for (int r = 0; r < S.nrows; r++) for (int k = S.rowptr[r]; k < S.rowptr[r + 1]; k++) D[r * N + S.col[k]] = S.val[k];
        CHECK_VEC_CLOSE("sparse = dense", D, H, N * N, 1e-13, 1e-13 * hmax);
        printf("which %d: nnz %d colors %d\n", w, S.nnz, ccad_csr_colors(&S));
        if (w == 1) CHECK_EQ_INT("rastrigin colors", ccad_csr_colors(&S), 1);
        if (w == 3) CHECK_EQ_INT("rosenbrock colors", ccad_csr_colors(&S), 3);
        ccad_csr_free(&S);
        /* a pattern kept across calls: the branch changes with `which`, the check sweep must notice */
        testfn_hess_sp(w, x, N, &Keep);
        double D2[N * N] = {0};
        for (int r = 0; r < Keep.nrows; r++) for (int k = Keep.rowptr[r]; k < Keep.rowptr[r + 1]; k++) D2[r * N + Keep.col[k]] = Keep.val[k];
        CHECK_VEC_CLOSE("sparse reused = dense", D2, H, N * N, 1e-13, 1e-13 * hmax);
        testfn_hvp(w, x, v, hv, N);
        for (int i = 0; i < N; i++) { Hv[i] = 0; for (int j = 0; j < N; j++) Hv[i] += H[i * N + j] * v[j]; }
        CHECK_VEC_CLOSE("hvp = H v", hv, Hv, N, 1e-12, 1e-13 * hmax);
        enum { B = 5 };
        double bx[B * N], bg[B * N], bv[B], gg[N];
        for (int b = 0; b < B; b++) for (int i = 0; i < N; i++) bx[b * N + i] = x[i] + 0.1 * b - 0.05 * i;
        testfn_grad_vmap(B, w, bx, bg, N, bv);
        for (int b = 0; b < B; b++) {
            double vv = testfn_grad(w, bx + b * N, gg, N);
            CHECK_CLOSE("vmap value", bv[b], vv, 0, 0);
            CHECK_VEC_CLOSE("vmap grad", bg + b * N, gg, N, 0, 0);
        }
    }
    ccad_csr_free(&Keep);
    return oracle_result();
}
