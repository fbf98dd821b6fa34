/*
** realc/lbfgs_ring: liblbfgs-style L-BFGS, the two-loop recursion over a
** ring buffer of the last M (s, y) pairs (an array of structs holding
** malloc'd vectors, the write index `end = (end + 1) % M`, the backward
** loop walking j = (j + M - 1) % M), a curvature check that skips pairs
** with y.s <= 0, unit steps, on a smooth strongly convex inner objective
** with its hand-written gradient. The outer objective is a weighted sum
** of the final iterate, differentiated w.r.t. the inner objective's
** parameters theta (unrolled differentiation of an optimiser).
** Oracles: grad against central differences (h = 1e-6 relative; the map is
** smooth because the curvature check never flips at these data: checked);
** jvp dot grad (1e-12); hvp against central differences of grad.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct { double alpha, ys; double *s, *y; } iteration_data_t;

static double inner_eval(int n, const double *theta, const double *x, double *g)
{
    double f = 0.0;
    for (int i = 0; i < n; i++) {
        double a = 1.0 + 0.5 * i, d = x[i] - theta[i];
        f += 0.5 * a * d * d;
        g[i] = a * d;
    }
    for (int i = 0; i + 1 < n; i++) {
        double t = x[i] - x[i + 1];
        f += 0.3 * log(cosh(t));
        double th = 0.3 * tanh(t);
        g[i] += th; g[i + 1] -= th;
    }
    return f;
}
static double vecdot(const double *a, const double *b, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}
#define M 4
double lbfgs_outer(int n, const double *theta, const double *w, int iters)
{
    iteration_data_t lm[M];
    double *x = calloc(n, sizeof *x), *xp = malloc(n * sizeof *xp);
    double *g = malloc(n * sizeof *g), *gp = malloc(n * sizeof *gp), *d = malloc(n * sizeof *d);
    for (int i = 0; i < M; i++) { lm[i].s = calloc(n, sizeof(double)); lm[i].y = calloc(n, sizeof(double)); lm[i].alpha = lm[i].ys = 0.0; }
    int end = 0, bound = 0;
    inner_eval(n, theta, x, g);
    for (int k = 0; k < iters; k++) {
        /* two-loop recursion: d = -H g */
        for (int i = 0; i < n; i++) d[i] = -g[i];
        int j = end;
        for (int i = 0; i < bound; i++) {
            j = (j + M - 1) % M;
            iteration_data_t *it = &lm[j];
            it->alpha = vecdot(it->s, d, n) / it->ys;
            for (int l = 0; l < n; l++) d[l] -= it->alpha * it->y[l];
        }
        if (bound > 0) {
            int last = (end + M - 1) % M;
            double yy = vecdot(lm[last].y, lm[last].y, n);
            for (int l = 0; l < n; l++) d[l] *= lm[last].ys / yy;
        } else {
            for (int l = 0; l < n; l++) d[l] *= 0.2;
        }
        for (int i = 0; i < bound; i++) {
            iteration_data_t *it = &lm[j];
            double beta = vecdot(it->y, d, n) / it->ys;
            for (int l = 0; l < n; l++) d[l] += (it->alpha - beta) * it->s[l];
            j = (j + 1) % M;
        }
        memcpy(xp, x, n * sizeof *x); memcpy(gp, g, n * sizeof *g);
        for (int i = 0; i < n; i++) x[i] += d[i];
        inner_eval(n, theta, x, g);
        iteration_data_t *it = &lm[end];
        for (int i = 0; i < n; i++) { it->s[i] = x[i] - xp[i]; it->y[i] = g[i] - gp[i]; }
        double ys = vecdot(it->y, it->s, n);
        if (ys > 1e-300) {
            it->ys = ys;
            bound = bound < M ? bound + 1 : M;
            end = (end + 1) % M;
        }
    }
    double out = vecdot(w, x, n);
    for (int i = 0; i < M; i++) { free(lm[i].s); free(lm[i].y); }
    free(x); free(xp); free(g); free(gp); free(d);
    return out;
}
#pragma ad grad(lbfgs_outer) wrt(theta[n])
#pragma ad jvp(lbfgs_outer) wrt(theta)
#pragma ad hvp(lbfgs_outer) wrt(theta[n])
#include "lbfgs_ring.ad.h"

#define NN 7
#define IT 9
static double wv[NN];
int main(void)
{
    OracleRng rng = oracle_rng(11);
    double th[NN], g[NN], v[NN], hv[NN];
    oracle_fill_uniform(&rng, th, NN, -2, 2);
    oracle_fill_uniform(&rng, wv, NN, -1, 1);
    oracle_fill_uniform(&rng, v, NN, -1, 1);
    double val = lbfgs_outer_grad(NN, th, g, wv, IT);
    CHECK_CLOSE("primal", val, lbfgs_outer(NN, th, wv, IT), 0, 0);
    for (int i = 0; i < NN; i++) {
        double p[NN]; memcpy(p, th, sizeof th);
        double h = 1e-6; p[i] += h; double fp = lbfgs_outer(NN, p, wv, IT);
        p[i] -= 2 * h; double fm = lbfgs_outer(NN, p, wv, IT);
        CHECK_CLOSE("grad", g[i], (fp - fm) / (2 * h), 1e-6, 1e-8);
    }
    double jv;
    lbfgs_outer_jvp(NN, th, v, wv, IT, &jv);
    CHECK_CLOSE("jvp.grad", jv, oracle_dot(g, v, NN), 1e-12, 1e-14);
    lbfgs_outer_hvp(NN, th, v, hv, wv, IT);
    double gp[NN], gm[NN], tp[NN], tm[NN], e = 1e-5;
    for (int i = 0; i < NN; i++) { tp[i] = th[i] + e * v[i]; tm[i] = th[i] - e * v[i]; }
    lbfgs_outer_grad(NN, tp, gp, wv, IT); lbfgs_outer_grad(NN, tm, gm, wv, IT);
    for (int i = 0; i < NN; i++) CHECK_CLOSE("hvp", hv[i], (gp[i] - gm[i]) / (2 * e), 1e-5, 1e-7);
    return oracle_result();
}
