/*
** realc/gru_seq: a GRU cell run over a sequence, as small RNN codes write
** it: the weights in a struct of pointers into one flat parameter block
** (Wz, Uz, bz, Wr, Ur, br, Wh, Uh, bh carved by a pointer bump), the
** gate nonlinearities chosen through function pointers (sigmoid, tanh),
** matrix-vector products in a helper with an accumulate flag, the hidden
** state in two buffers swapped by pointers, and a squared loss of a
** linear read-out against targets. Input: the flat parameter block.
** Oracles: grad against central differences (h = 1e-6, rtol 1e-6, floor
** 1e-8); jvp dot grad (1e-12); jacrev of the final hidden state against
** jacfwd (1e-12).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

#define NI 3
#define NH 4
typedef double (*act_fn)(double);
typedef struct { const double *Wz, *Uz, *bz, *Wr, *Ur, *br, *Wh, *Uh, *bh, *V; } GRU;

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }
static double tanh_act(double x) { return tanh(x); }
static const double *carve(const double **p, int n) { const double *r = *p; *p += n; return r; }
#define NPAR (3 * (NH * NI + NH * NH + NH) + NH)
static void gru_bind(GRU *g, const double *params)
{
    const double *p = params;
    g->Wz = carve(&p, NH * NI); g->Uz = carve(&p, NH * NH); g->bz = carve(&p, NH);
    g->Wr = carve(&p, NH * NI); g->Ur = carve(&p, NH * NH); g->br = carve(&p, NH);
    g->Wh = carve(&p, NH * NI); g->Uh = carve(&p, NH * NH); g->bh = carve(&p, NH);
    g->V = carve(&p, NH);
}
static void matvec(const double *W, const double *x, int rows, int cols, double *y, int accumulate)
{
    for (int i = 0; i < rows; i++) {
        double s = accumulate ? y[i] : 0.0;
        for (int j = 0; j < cols; j++) s += W[i * cols + j] * x[j];
        y[i] = s;
    }
}
static void gru_step(const GRU *g, const double *x, const double *h, double *hn, act_fn sg, act_fn th)
{
    double z[NH], r[NH], rh[NH], c[NH];
    matvec(g->Wz, x, NH, NI, z, 0); matvec(g->Uz, h, NH, NH, z, 1);
    matvec(g->Wr, x, NH, NI, r, 0); matvec(g->Ur, h, NH, NH, r, 1);
    for (int i = 0; i < NH; i++) { z[i] = sg(z[i] + g->bz[i]); r[i] = sg(r[i] + g->br[i]); rh[i] = r[i] * h[i]; }
    matvec(g->Wh, x, NH, NI, c, 0); matvec(g->Uh, rh, NH, NH, c, 1);
    for (int i = 0; i < NH; i++) hn[i] = (1.0 - z[i]) * h[i] + z[i] * th(c[i] + g->bh[i]);
}
void gru_run(const double *params, int T, const double *xs, double *hT)
{
    GRU g;
    gru_bind(&g, params);
    double ha[NH] = {0}, hb[NH], *h = ha, *hn = hb;
    for (int t = 0; t < T; t++) {
        gru_step(&g, xs + t * NI, h, hn, sigmoid, tanh_act);
        double *tmp = h; h = hn; hn = tmp;
    }
    memcpy(hT, h, NH * sizeof *hT);
}
double gru_loss(const double *params, int T, const double *xs, const double *ys)
{
    GRU g;
    gru_bind(&g, params);
    double ha[NH] = {0}, hb[NH], *h = ha, *hn = hb, L = 0.0;
    for (int t = 0; t < T; t++) {
        gru_step(&g, xs + t * NI, h, hn, sigmoid, tanh_act);
        double *tmp = h; h = hn; hn = tmp;
        double o = 0.0;
        for (int i = 0; i < NH; i++) o += g.V[i] * h[i];
        L += 0.5 * (o - ys[t]) * (o - ys[t]);
    }
    return L;
}
#pragma ad grad(gru_loss) wrt(params[NPAR])
#pragma ad jvp(gru_loss) wrt(params)
#pragma ad jacfwd(gru_run) wrt(params[NPAR]) out(hT[NH])
#pragma ad jacrev(gru_run) wrt(params[NPAR]) out(hT[NH])
#include "gru_seq.ad.h"

#define TS 7
int main(void)
{
    OracleRng rng = oracle_rng(29);
    static double p[NPAR], g[NPAR], v[NPAR], xs[TS * NI], ys[TS], Jf[NH * NPAR], Jr[NH * NPAR];
    oracle_fill_uniform(&rng, p, NPAR, -0.8, 0.8);
    oracle_fill_uniform(&rng, v, NPAR, -1, 1);
    oracle_fill_uniform(&rng, xs, TS * NI, -1, 1);
    oracle_fill_uniform(&rng, ys, TS, -1, 1);
    double val = gru_loss_grad(p, g, TS, xs, ys);
    CHECK_CLOSE("primal", val, gru_loss(p, TS, xs, ys), 0, 0);
    int bad = 0;
    for (int i = 0; i < NPAR; i++) {
        double s = p[i]; p[i] = s + 1e-6; double fp = gru_loss(p, TS, xs, ys); p[i] = s - 1e-6; double fm = gru_loss(p, TS, xs, ys); p[i] = s;
        double fd = (fp - fm) / 2e-6;
        if (!oracle_close(g[i], fd, 1e-6, 1e-8)) { printf("grad[%d] got %.12g want %.12g FAIL\n", i, g[i], fd); bad++; }
    }
    CHECK_EQ_INT("grad mismatches against central differences", bad, 0);
    double jv;
    gru_loss_jvp(p, v, TS, xs, ys, &jv);
    CHECK_CLOSE("jvp.grad", jv, oracle_dot(g, v, NPAR), 1e-12, 1e-14);
    double hT[NH];
    gru_run_jacfwd(p, TS, xs, hT, Jf);
    gru_run_jacrev(p, TS, xs, hT, Jr);
    CHECK_VEC_CLOSE("jacrev = jacfwd", Jr, Jf, NH * NPAR, 1e-12, 1e-14);
    return oracle_result();
}
