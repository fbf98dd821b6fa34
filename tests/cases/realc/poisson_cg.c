/*
** realc/poisson_cg: a 2-D Poisson solve -lap(u) = f on an N x N interior
** grid (zero Dirichlet border) by unpreconditioned conjugate gradients on
** the matrix-free 5-point stencil, stopping early when ||r|| < tol ||b||
** (a data-dependent while loop with a break), the objective a weighted
** sum of u. Inputs: the source f[N*N] and a diffusion coefficient kappa.
** Oracles: the solve is converged to 1e-13, so d(c.u)/df = A^-1 c / kappa
** (A symmetric) computed by a second CG run with c on the right, and
** d/dkappa = -(c.u)/kappa (closed form: u = A^-1 f / kappa); jvp dot grad.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

static void apply_lap(int n, double kappa, const double *u, double *out)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double c = u[i * n + j];
            double up = i > 0 ? u[(i - 1) * n + j] : 0.0;
            double dn = i < n - 1 ? u[(i + 1) * n + j] : 0.0;
            double lf = j > 0 ? u[i * n + j - 1] : 0.0;
            double rt = j < n - 1 ? u[i * n + j + 1] : 0.0;
            out[i * n + j] = kappa * (4.0 * c - up - dn - lf - rt);
        }
}
static double dot(int m, const double *a, const double *b)
{
    double s = 0.0;
    for (int i = 0; i < m; i++) s += a[i] * b[i];
    return s;
}
int cg_solve(int n, double kappa, const double *b, double *x, double tol, int maxit)
{
    int m = n * n, it = 0;
    double *r = malloc(m * sizeof *r), *p = malloc(m * sizeof *p), *Ap = malloc(m * sizeof *Ap);
    memset(x, 0, m * sizeof *x);
    memcpy(r, b, m * sizeof *r);
    memcpy(p, r, m * sizeof *p);
    double rr = dot(m, r, r), bnorm = sqrt(rr);
    while (it < maxit) {
        if (sqrt(rr) < tol * bnorm) break;
        apply_lap(n, kappa, p, Ap);
        double alpha = rr / dot(m, p, Ap);
        for (int i = 0; i < m; i++) { x[i] += alpha * p[i]; r[i] -= alpha * Ap[i]; }
        double rr_new = dot(m, r, r);
        double beta = rr_new / rr;
        rr = rr_new;
        for (int i = 0; i < m; i++) p[i] = r[i] + beta * p[i];
        it++;
    }
    free(r); free(p); free(Ap);
    return it;
}
double poisson_obj(int n, double kappa, const double *f, const double *c)
{
    double *u = malloc(n * n * sizeof *u);
    cg_solve(n, kappa, f, u, 1e-13, 10 * n * n);
    double s = dot(n * n, c, u);
    free(u);
    return s;
}
#pragma ad grad(poisson_obj) wrt(kappa, f[n*n])
#pragma ad jvp(poisson_obj) wrt(kappa, f)
#include "poisson_cg.ad.h"

#define N 12
int main(void)
{
    OracleRng rng = oracle_rng(7);
    static double f[N * N], c[N * N], g[N * N], w[N * N], v[N * N];
    oracle_fill_uniform(&rng, f, N * N, -1, 1);
    oracle_fill_uniform(&rng, c, N * N, 0, 1);
    double kappa = 1.7, kb = 0, val = poisson_obj_grad(N, kappa, &kb, f, g, c);
    CHECK_CLOSE("primal", val, poisson_obj(N, kappa, f, c), 0, 0);
    cg_solve(N, kappa, c, w, 1e-14, 10 * N * N); /* w = A^-1 c / kappa... A symmetric */
    /* relative residual 1e-13 in both solves: agreement to ~1e-10 relative */
    CHECK_VEC_CLOSE("grad f = (kA)^-1 c", g, w, N * N, 1e-9, 1e-12);
    CHECK_CLOSE("grad kappa = -val/kappa", kb, -val / kappa, 1e-9, 0);
    oracle_fill_uniform(&rng, v, N * N, -1, 1);
    double kd = 0.4, jv;
    poisson_obj_jvp(N, kappa, kd, f, v, c, &jv);
    CHECK_CLOSE("jvp.grad", jv, oracle_dot(g, v, N * N) + kb * kd, 1e-10, 0);
    return oracle_result();
}
