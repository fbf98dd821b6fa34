/*
** vjp/write_only_cache: llm.c's layernorm_forward keeps mean and rstd for
** its hand-written backward pass: f writes them, never reads them. Nothing
** needs their derivative, so no clause is required for them (it was an
** error asking for out(mean[...]) or a scratch clause); the generated
** functions still write them as the primal does.
** Oracles: the vjp against the jvp by the dot-product test (1e-12 relative
** in double: the case is written in double, as gradbench's ports are),
** the jvp against central differences (h ~ 6e-6, ORACLE_RTOL_FD), and the
** caches equal to the primal's.
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

void layernorm_forward(double *out, double *mean, double *rstd, const double *inp, const double *weight,
                       const double *bias, int B, int T, int C)
{
    double eps = 1e-5;
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const double *x = inp + b * T * C + t * C;
            double m = 0.0;
            for (int i = 0; i < C; i++)
                m += x[i];
            m = m / C;
            double v = 0.0;
            for (int i = 0; i < C; i++) {
                double xshift = x[i] - m;
                v += xshift * xshift;
            }
            v = v / C;
            double s = 1.0 / sqrt(v + eps);
            double *out_bt = out + b * T * C + t * C;
            for (int i = 0; i < C; i++) {
                double n = (s * (x[i] - m));
                double o = n * weight[i] + bias[i];
                out_bt[i] = o;
            }
            mean[b * T + t] = m;
            rstd[b * T + t] = s;
        }
    }
}

#pragma ad vjp(layernorm_forward) wrt(inp[B*T*C], weight[C], bias[C]) out(out[B*T*C])
#pragma ad jvp(layernorm_forward) wrt(inp[B*T*C], weight[C], bias[C]) out(out[B*T*C])

#include "write_only_cache.ad.h"

enum { B = 2, T = 3, C = 4, N = B * T * C };

int main(void)
{
    OracleRng rng = oracle_rng(17);
    double inp[N], w[C], bi[C], out[N], mean[B * T], rstd[B * T];
    double di[N], dw[C], db[C], dout[N], seed[N];
    oracle_fill_uniform(&rng, inp, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, w, C, 0.5, 1.5);
    oracle_fill_uniform(&rng, bi, C, -0.5, 0.5);
    oracle_fill_uniform(&rng, di, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, dw, C, -1.0, 1.0);
    oracle_fill_uniform(&rng, db, C, -1.0, 1.0);
    oracle_fill_uniform(&rng, seed, N, -1.0, 1.0);
    double want_out[N], want_mean[B * T], want_rstd[B * T];
    layernorm_forward(want_out, want_mean, want_rstd, inp, w, bi, B, T, C);

    layernorm_forward_jvp(out, dout, mean, rstd, inp, di, w, dw, bi, db, B, T, C);
    CHECK_VEC_CLOSE("jvp out", out, want_out, N, 0, 0);
    CHECK_VEC_CLOSE("jvp mean", mean, want_mean, B * T, 0, 0);
    CHECK_VEC_CLOSE("jvp rstd", rstd, want_rstd, B * T, 0, 0);
    /* central differences along (di, dw, db) */
    double h = cbrt(DBL_EPSILON), ip[N], im[N], wp[C], wm[C], bp[C], bm[C], yp[N], ym[N], fd[N], junk[2 * B * T];
    for (int i = 0; i < N; i++) {
        ip[i] = inp[i] + h * di[i];
        im[i] = inp[i] - h * di[i];
    }
    for (int i = 0; i < C; i++) {
        wp[i] = w[i] + h * dw[i];
        wm[i] = w[i] - h * dw[i];
        bp[i] = bi[i] + h * db[i];
        bm[i] = bi[i] - h * db[i];
    }
    layernorm_forward(yp, junk, junk + B * T, ip, wp, bp, B, T, C);
    layernorm_forward(ym, junk, junk + B * T, im, wm, bm, B, T, C);
    for (int i = 0; i < N; i++)
        fd[i] = (yp[i] - ym[i]) / (2 * h);
    CHECK_VEC_CLOSE("jvp vs fd", dout, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    double ib[N] = {0}, wb[C] = {0}, bb[C] = {0}, ob[N];
    memcpy(ob, seed, sizeof ob);
    memset(mean, 0, sizeof mean);
    layernorm_forward_vjp(out, ob, mean, rstd, inp, ib, w, wb, bi, bb, B, T, C);
    CHECK_VEC_CLOSE("vjp out", out, want_out, N, 0, 0);
    CHECK_VEC_CLOSE("vjp mean", mean, want_mean, B * T, 0, 0);
    CHECK_VEC_CLOSE("vjp rstd", rstd, want_rstd, B * T, 0, 0);
    double lhs = oracle_dot(seed, dout, N);
    double rhs = oracle_dot(ib, di, N) + oracle_dot(wb, dw, C) + oracle_dot(bb, db, C);
    CHECK_CLOSE("dot test", lhs, rhs, ORACLE_RTOL_DOT, 1e-14);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
