/*
** jac/matrix_param: a design matrix passed as a variable-length array
** parameter, const double X[n][p] (a pointer to rows, double (*X)[p]), in
** every mode that needs sizes. The clause is wrt(X[n][p]): one size per
** dimension (contract section 2).
**
** Regression (fixed): the only accepted clause was one size, and cc-ad
** read it as a count of rows, so the natural wrt(X[n*p]) made grad's
** memset(X_bar, 0, n*p*sizeof(*X_bar)) clear n*p*p doubles (ASan:
** buffer overflow); jacfwd, jacrev, hessian and hvp refused the matrix.
** Every buffer below is malloc'd with exactly n*p doubles, so the
** sanitized build (scripts/test.sh --sanitize) catches any overrun.
**
** Oracles: grad and the Jacobians against central differences of the
** original function (ORACLE_RTOL_FD), jacfwd == jacrev, grad = vjp with
** seed 1, <grad, v> = jvp(v) (ORACLE_RTOL_DOT), the Hessian against central
** differences of the gradient, hvp = H v, vmap = the function per element.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

/* mean squared residual of a tanh model: 0.5/n sum_i (tanh(X_i . w) - y_i)^2 */
double fit_loss(int n, int p, const double X[n][p], const double *y, const double *w)
{
    double loss = 0.0;
    for (int i = 0; i < n; i++) {
        double z = 0.0;
        for (int j = 0; j < p; j++)
            z += X[i][j] * w[j];
        double r = tanh(z) - y[i];
        loss += r * r;
    }
    return 0.5 * loss / n;
}

void predict(int n, int p, const double X[n][p], const double *w, double *out)
{
    for (int i = 0; i < n; i++) {
        double z = 0.0;
        for (int j = 0; j < p; j++)
            z += X[i][j] * w[j];
        out[i] = tanh(z);
    }
}

#pragma ad grad(fit_loss) wrt(X[n][p], w[p])
#pragma ad vjp(fit_loss) wrt(X[n][p], w[p])
#pragma ad jvp(fit_loss) wrt(X[n][p], w[p])
#pragma ad hessian(fit_loss) wrt(X[n][p], w[p])
#pragma ad hvp(fit_loss) wrt(X[n][p], w[p])
#pragma ad jacfwd(predict) wrt(X[n][p], w[p]) out(out[n])
#pragma ad jacrev(predict) wrt(X[n][p], w[p]) out(out[n])
#pragma ad vmap(fit_loss) batch(X[n][p])

#include "matrix_param.ad.h"

enum { N = 3, P = 4, NIN = N * P + P, B = 2 };
static const double Y[N] = {0.3, -0.2, 0.6};

/* flat input: X (row-major), then w */
static void f_loss(void *ctx, const double *in, double *out)
{
    (void)ctx;
    out[0] = fit_loss(N, P, (const double(*)[P])in, Y, in + N * P);
}

static void f_predict(void *ctx, const double *in, double *out)
{
    (void)ctx;
    predict(N, P, (const double(*)[P])in, in + N * P, out);
}

static void flat_grad(void *ctx, const double *in, double *g)
{
    (void)ctx;
    double *gX = malloc(N * P * sizeof *gX), *gw = malloc(P * sizeof *gw);
    fit_loss_grad(N, P, (const double(*)[P])in, (double(*)[P])gX, Y, in + N * P, gw);
    memcpy(g, gX, N * P * sizeof *g);
    memcpy(g + N * P, gw, P * sizeof *g);
    free(gX);
    free(gw);
}

int main(void)
{
    OracleRng rng = oracle_rng(7);
    double *in = malloc(NIN * sizeof *in);
    oracle_fill_uniform(&rng, in, NIN, -0.8, 0.8);
    const double(*X)[P] = (const double(*)[P])in;
    const double *w = in + N * P;
    double f0;
    f_loss(NULL, in, &f0);

    /* grad: exactly n*p doubles for X_bar */
    double *gX = malloc(N * P * sizeof *gX), *gw = malloc(P * sizeof *gw);
    double g[NIN], fd[NIN];
    for (int k = 0; k < N * P; k++) gX[k] = 1e300;  /* overwritten */
    CHECK_CLOSE("fit_loss_grad returns fit_loss", fit_loss_grad(N, P, X, (double(*)[P])gX, Y, w, gw), f0, 0.0, 0.0);
    memcpy(g, gX, sizeof(double) * N * P);
    memcpy(g + N * P, gw, sizeof(double) * P);
    oracle_fd_grad(f_loss, NULL, NIN, in, fd);
    CHECK_VEC_CLOSE("grad vs central differences", g, fd, NIN, ORACLE_RTOL_FD, oracle_fd_atol(f0));
    CHECK_TRUE("tape empty after grad", ccad_tape_empty());

    /* vjp with seed 1 from zero adjoints is the gradient */
    double *vX = calloc(N * P, sizeof *vX), *vw = calloc(P, sizeof *vw), vj[NIN];
    fit_loss_vjp(N, P, X, (double(*)[P])vX, Y, w, vw, 1.0);
    memcpy(vj, vX, sizeof(double) * N * P);
    memcpy(vj + N * P, vw, sizeof(double) * P);
    CHECK_VEC_CLOSE("vjp(seed 1) = grad", vj, g, NIN, 1e-13, 1e-15);

    /* jvp: <grad, v> */
    double v[NIN], ydot = 0.0;
    oracle_fill_normal(&rng, v, NIN);
    double *dX = malloc(N * P * sizeof *dX);
    memcpy(dX, v, sizeof(double) * N * P);
    CHECK_CLOSE("fit_loss_jvp returns fit_loss",
                fit_loss_jvp(N, P, X, (const double(*)[P])dX, Y, w, v + N * P, &ydot), f0, 0.0, 0.0);
    CHECK_CLOSE("<grad, v> = jvp(v)", oracle_dot(g, v, NIN), ydot, ORACLE_RTOL_DOT, 1e-15);

    /* Jacobians of predict: N x NIN */
    double *J1 = malloc(N * NIN * sizeof *J1), *J2 = malloc(N * NIN * sizeof *J2), *Jfd = malloc(N * NIN * sizeof *Jfd);
    double out[N];
    predict_jacfwd(N, P, X, w, out, J1);
    predict_jacrev(N, P, X, w, out, J2);
    for (int j = 0; j < NIN; j++) {
        double e[NIN] = {0}, col[N];
        e[j] = 1.0;
        oracle_fd_jvp(f_predict, NULL, NIN, N, in, e, col);
        for (int i = 0; i < N; i++) Jfd[i * NIN + j] = col[i];
    }
    CHECK_VEC_CLOSE("jacfwd vs central differences", J1, Jfd, N * NIN, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_VEC_CLOSE("jacrev = jacfwd", J2, J1, N * NIN, 1e-13, 1e-15);

    /* Hessian: central differences of the gradient, column by column */
    double *H = malloc(NIN * NIN * sizeof *H), Hfd[NIN * NIN];
    CHECK_CLOSE("fit_loss_hessian returns fit_loss", fit_loss_hessian(N, P, X, Y, w, H), f0, 0.0, 0.0);
    for (int j = 0; j < NIN; j++) {
        double e[NIN] = {0}, col[NIN];
        e[j] = 1.0;
        oracle_fd_jvp(flat_grad, NULL, NIN, NIN, in, e, col);
        for (int i = 0; i < NIN; i++) Hfd[i * NIN + j] = col[i];
    }
    CHECK_VEC_CLOSE("hessian vs differences of grad", H, Hfd, NIN * NIN, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    /* hvp = H v, with X_v and X_hv of n*p doubles */
    double *hX = malloc(N * P * sizeof *hX), hw[P], hv[NIN], Hv[NIN];
    fit_loss_hvp(N, P, X, (const double(*)[P])dX, (double(*)[P])hX, Y, w, v + N * P, hw);
    memcpy(hv, hX, sizeof(double) * N * P);
    memcpy(hv + N * P, hw, sizeof(double) * P);
    for (int i = 0; i < NIN; i++) Hv[i] = oracle_dot(H + i * NIN, v, NIN);
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, NIN, 1e-12, 1e-14 * oracle_norm_inf(H, NIN * NIN) * NIN);
    CHECK_TRUE("tape empty after hessian and hvp", ccad_tape_empty());

    /* vmap: B design matrices of n*p doubles each, w shared */
    double *Xb = malloc(B * N * P * sizeof *Xb), ret[B];
    oracle_fill_uniform(&rng, Xb, B * N * P, -0.8, 0.8);
    fit_loss_vmap(B, N, P, (const double(*)[P])Xb, Y, w, ret);
    for (int b = 0; b < B; b++)
        CHECK_CLOSE("vmap element = fit_loss", ret[b], fit_loss(N, P, (const double(*)[P])(Xb + b * N * P), Y, w), 0.0,
                    0.0);

    free(in); free(gX); free(gw); free(vX); free(vw); free(dX); free(J1); free(J2); free(Jfd); free(H); free(hX);
    free(Xb);
    return oracle_result();
}
