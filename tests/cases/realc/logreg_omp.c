// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** realc/logreg_omp: logistic regression and softmax regression as ML code in
** C writes them: the data matrix row-major, a numerically stable log(1+e^z)
** (two branches), `#pragma omp parallel for reduction(+:loss)` over samples,
** an L2 term, softmax cross-entropy with a max-shifted log-sum-exp and a
** local VLA of logits inside the parallel loop.
** Requests: grad, hessian and hvp of the binary loss wrt w; grad of the
** softmax loss wrt W; jvp. (vmap of the gradient, whose batch elements each
** run the loss's own parallel loop, is tests/fuzz/open/
** omp_nested_grad_tape_underflow.c: a race under ThreadSanitizer, an abort
** with nesting active.)
** Oracles: closed forms: grad = X^T (sigma(Xw) - y)/m + lambda w, Hessian =
** X^T diag(s(1-s)) X / m + lambda I (1e-12); hvp = H v; softmax grad = X^T (P - Y)/m (1e-12); run at 1 and 2 threads.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

double logistic_loss(const double *w, const double *X, const double *y, int m, int d, double lambda)
{
    double loss = 0.0;
    int i;
#pragma omp parallel for reduction(+:loss)
    for (i = 0; i < m; i++) {
        double z = 0.0;
        for (int j = 0; j < d; j++) z += X[i * d + j] * w[j];
        /* log(1 + exp(z)) - y z, stable for both signs */
        double l1p = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
        loss += l1p - y[i] * z;
    }
    double reg = 0.0;
    for (int j = 0; j < d; j++) reg += w[j] * w[j];
    return loss / m + 0.5 * lambda * reg;
}

double softmax_xent(const double *W, const double *X, const int *label, int m, int d, int k)
{
    double loss = 0.0;
    int i;
#pragma omp parallel for reduction(+:loss)
    for (i = 0; i < m; i++) {
        double logit[k];
        double mx = -INFINITY;
        for (int c = 0; c < k; c++) {
            logit[c] = 0.0;
            for (int j = 0; j < d; j++) logit[c] += W[c * d + j] * X[i * d + j];
            if (logit[c] > mx) mx = logit[c];
        }
        double se = 0.0;
        for (int c = 0; c < k; c++) se += exp(logit[c] - mx);
        loss += mx + log(se) - logit[label[i]];
    }
    return loss / m;
}
#pragma ad grad(logistic_loss) wrt(w[d])
#pragma ad hessian(logistic_loss) wrt(w[d])
#pragma ad hvp(logistic_loss) wrt(w[d])
#pragma ad jvp(logistic_loss) wrt(w[d])
#pragma ad grad(softmax_xent) wrt(W[k*d])

#include "logreg_omp.ad.h"

#define M 40
#define D 5
#define K 3
int main(void)
{
    double X[M * D], y[M], w[D], g[D], H[D * D], lambda = 0.1;
    int lab[M];
    OracleRng r = oracle_rng(21);
    oracle_fill_normal(&r, X, M * D);
    for (int i = 0; i < M; i++) { y[i] = oracle_unif01(&r) < 0.5; lab[i] = i % K; }
    oracle_fill_uniform(&r, w, D, -3, 3);   /* large weights: both branches of the stable log1p */
    double f0 = logistic_loss(w, X, y, M, D, lambda);
    double f1 = logistic_loss_grad(w, g, X, y, M, D, lambda);
    CHECK_CLOSE("primal", f1, f0, 1e-13, 0);
    double gw[D] = {0}, Hw[D * D] = {0};
    for (int i = 0; i < M; i++) {
        double z = 0; for (int j = 0; j < D; j++) z += X[i * D + j] * w[j];
        double s = 1 / (1 + exp(-z));
        for (int j = 0; j < D; j++) { gw[j] += (s - y[i]) * X[i * D + j] / M;
            for (int l = 0; l < D; l++) Hw[j * D + l] += s * (1 - s) * X[i * D + j] * X[i * D + l] / M; }
    }
    for (int j = 0; j < D; j++) { gw[j] += lambda * w[j]; Hw[j * D + j] += lambda; }
    CHECK_VEC_CLOSE("grad closed form", g, gw, D, 1e-12, 1e-14);
    logistic_loss_hessian(w, X, y, M, D, lambda, H);
    CHECK_VEC_CLOSE("hessian closed form", H, Hw, D * D, 1e-12, 1e-14);
    double v[D], hv[D], Hv[D] = {0};
    oracle_fill_uniform(&r, v, D, -1, 1);
    logistic_loss_hvp(w, v, hv, X, y, M, D, lambda);
    for (int j = 0; j < D; j++) for (int l = 0; l < D; l++) Hv[j] += Hw[j * D + l] * v[l];
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, D, 1e-12, 1e-14);
    double fd = 0;
    logistic_loss_jvp(w, v, X, y, M, D, lambda, &fd);
    CHECK_CLOSE("jvp = g . v", fd, oracle_dot(gw, v, D), 1e-12, 1e-14);
    /* softmax: grad = X^T (P - Y) / m */
    double W[K * D], gW[K * D], gWc[K * D] = {0};
    oracle_fill_uniform(&r, W, K * D, -1, 1);
    softmax_xent_grad(W, gW, X, lab, M, D, K);
    for (int i = 0; i < M; i++) {
        double lg[K], mx = -INFINITY, se = 0;
        for (int c = 0; c < K; c++) { lg[c] = 0; for (int j = 0; j < D; j++) lg[c] += W[c * D + j] * X[i * D + j]; mx = fmax(mx, lg[c]); }
        for (int c = 0; c < K; c++) se += exp(lg[c] - mx);
        for (int c = 0; c < K; c++) { double p = exp(lg[c] - mx) / se - (c == lab[i]);
            for (int j = 0; j < D; j++) gWc[c * D + j] += p * X[i * D + j] / M; }
    }
    CHECK_VEC_CLOSE("softmax grad closed form", gW, gWc, K * D, 1e-12, 1e-14);
    return oracle_result();
}
