// NO-STANDALONE-HEADER: Params is defined in this file, which includes its own header
/*
** vjp/struct_weights_read: a parameter struct holding pointers to weight
** arrays (the genann/llm.c way) that a helper only reads, through a local
** copy (Params p = *pp) or the pointer. cc-ad warned that the helper
** "changes data that pp points to through its pointers" (a
** case fails on any warning): it asked whether the data behind the
** argument carries derivatives, not whether the helper writes it. The
** shadow's pointers point at derivative buffers the caller owns.
** Oracles: central differences of the loss in each weight, bias and the
** scale (h = 1e-6, rtol 1e-6); jvp against the vjp by the dot product.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct { double *W; double *b; int n; double scale; } Params;

static double layer(const Params *pp, const double *x, int i)
{
    Params p = *pp;
    double a = p.b[i];
    for (int j = 0; j < p.n; j++) a += p.W[i * p.n + j] * x[j];
    return p.scale * tanh(a);
}

double loss(const Params *pp, const double *x)
{
    double s = 0.0;
    for (int i = 0; i < pp->n; i++) { double y = layer(pp, x, i); s += y * y; }
    return s;
}

#pragma ad vjp(loss) wrt(pp, x)
#pragma ad jvp(loss) wrt(pp, x)

#include "struct_weights_read.ad.h"

#define N 3
int main(void)
{
    double W[N * N] = {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, -0.8, 0.9}, b[N] = {0.1, 0.2, -0.1}, x[N] = {0.5, -1, 2};
    double Wb[N * N] = {0}, bb[N] = {0}, xb[N] = {0};
    Params p = {W, b, N, 1.5}, pb = {Wb, bb, N, 0.0};
    double f = loss(&p, x);
    CHECK_CLOSE("vjp primal", loss_vjp(&p, &pb, x, xb, 1.0), f, 0, 0);
    for (int k = 0; k < N * N; k++) {
        double s = W[k], h = 1e-6;
        W[k] = s + h; double fp = loss(&p, x); W[k] = s - h; double fm = loss(&p, x); W[k] = s;
        CHECK_CLOSE("dW", Wb[k], (fp - fm) / (2 * h), 1e-6, 1e-9);
    }
    for (int k = 0; k < N; k++) {
        double s = b[k], h = 1e-6;
        b[k] = s + h; double fp = loss(&p, x); b[k] = s - h; double fm = loss(&p, x); b[k] = s;
        CHECK_CLOSE("db", bb[k], (fp - fm) / (2 * h), 1e-6, 1e-9);
    }
    double h = 1e-6; p.scale += h; double fp = loss(&p, x); p.scale -= 2 * h; double fm = loss(&p, x); p.scale += h;
    CHECK_CLOSE("dscale", pb.scale, (fp - fm) / (2 * h), 1e-6, 1e-9);
    double Wd[N * N], bd[N], xd[N] = {0.1, 0.2, 0.3}, d;
    for (int k = 0; k < N * N; k++) Wd[k] = 0.01 * k;
    for (int k = 0; k < N; k++) bd[k] = -0.1 * k;
    Params pd = {Wd, bd, N, 0.5};
    loss_jvp(&p, &pd, x, xd, &d);
    double want = oracle_dot(Wb, Wd, N * N) + oracle_dot(bb, bd, N) + pb.scale * 0.5 + oracle_dot(xb, xd, N);
    CHECK_CLOSE("jvp = <vjp, v>", d, want, 1e-12, 1e-14);
    return oracle_result();
}
