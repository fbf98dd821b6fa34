/*
** grad/recompute_locals: values each iteration sets before reading them,
** from data nothing overwrites, are set again at the start of the backward
** iteration instead of saved (issue 13 item 4; tool/transform/
** adjoint_recompute.c): a weight read into a local in a tiled matrix
** product (llm.c's matmul_forward), the row index of the tile computed
** from a counter that steps by 4, a subscript with a remainder, and the
** math-call temporaries of a loop body of cheap statements. Every one of
** them is overwritten in the next iteration, so a value set again wrongly
** shows in the differences. The cases where the old value must be saved
** after all sit beside them: a local whose address a helper gets, a loop
** left early before the value is set, a value read after its loop; and
** memory the function overwrites after the loop, which the overwriting
** loop saves instead (one value per element, not two).
** Oracles: central differences, the dot-product test with jvp; the tape's
** peak for the recomputed ones.
*/
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty, ccad_tape_peak_bytes */
#include "ccad_oracle.h"

#define UNROLL 4

/* out[bt][o] = bias[o] + sum_i inp[bt][i] w[o][i], tiled as llm.c does it;
** inp is x[0..BT*C), weight the rest; returns a weighted sum of out */
static void matmul_tiled(double *out, const double *inp, const double *weight, const double *bias,
                         int BT, int C, int OC)
{
    for (int obt = 0; obt < BT; obt += UNROLL) {
        for (int o = 0; o < OC; o++) {
            double result[UNROLL];
            for (int ibt = 0; ibt < UNROLL; ibt++)
                result[ibt] = bias[o];
            for (int i = 0; i < C; i++) {
                double w = weight[i + o * C];
                for (int ibt = 0; ibt < UNROLL; ibt++) {
                    int bt = obt + ibt;
                    result[ibt] += inp[bt * C + i] * w;
                }
            }
            for (int ibt = 0; ibt < UNROLL; ibt++) {
                int bt = obt + ibt;
                out[bt * OC + o] = result[ibt];
            }
        }
    }
}

#define NBT 8
#define NC 5
#define NOC 3
#define NMM (NBT * NC + NOC * NC + NOC)

double layer(const double *x, int n)
{
    double out[NBT * NOC];
    double s = 0.0;
    matmul_tiled(out, x, x + NBT * NC, x + NBT * NC + NOC * NC, NBT, NC, NOC);
    for (int k = 0; k < NBT * NOC && k < n; k++)
        s += sin(out[k]) * (1.0 + 0.01 * k);
    return s;
}

/* the same at a size whose saves would fill a tape chunk (see main) */
double layer_big(const double *x, int n)
{
    double *out = malloc(64 * 16 * sizeof *out);
    double s = 0.0;
    matmul_tiled(out, x, x + 64 * 32, x + 64 * 32 + 16 * 32, 64, 32, 16);
    for (int k = 0; k < 64 * 16 && k < n; k++)
        s += out[k] * (1.0 + 0.01 * k);
    free(out);
    return s;
}

/* 6 cheap statements with math calls per iteration, a subscript with % */
double waves(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double t0 = sin(0.7 * x[i] + 0) * exp(-0.5 * x[i] * x[i]);
        double t1 = sin(0.7 * x[i] + 1) * exp(-0.6 * x[i] * x[i]);
        double t2 = cos(x[(i + 3) % n]) * t0;
        double t3 = log(1.5 + t1 * t1) + t2;
        s += t0 + 0.5 * t1 - t2 * t3;
    }
    return s;
}

/* y is overwritten after the loop that read it into w: w and sin(w) are
** set again all the same, from y as the overwriting loop saved it; u's
** address goes to a helper that changes it: saved */
static void bump(double *u, double by) { *u = *u * by + 0.25; }

double must_save(const double *x, int n)
{
    double y[16];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[i];
    for (int i = 0; i < n; i++) {
        double w = y[i];
        double u = x[i];
        bump(&u, w);
        s += sin(w) * u;
    }
    for (int i = 0; i < n; i++)
        y[i] = cos(x[i]);                 /* y changes after the loop read it */
    for (int i = 0; i < n; i++) {
        if (y[i] < 0.6)
            break;                        /* left before v is set */
        double v = sqrt(y[i]) * x[i];
        s += v * v * y[i];
    }
    double last = 0.0;
    for (int i = 0; i < n; i++) {
        last = exp(0.3 * x[i]);           /* read after the loop */
        s += last * x[i];
    }
    return s + last;
}

#pragma ad grad(layer) wrt(x[n])
#pragma ad vjp(layer) wrt(x[n])
#pragma ad jvp(layer) wrt(x[n])
#pragma ad grad(layer_big) wrt(x[n])
#pragma ad grad(waves) wrt(x[n])
#pragma ad vjp(waves) wrt(x[n])
#pragma ad jvp(waves) wrt(x[n])
#pragma ad grad(must_save) wrt(x[n])
#pragma ad vjp(must_save) wrt(x[n])
#pragma ad jvp(must_save) wrt(x[n])

#include "recompute_locals.ad.h"

ORACLE_XN_WRAPPERS(layer, NMM)
ORACLE_XN_WRAPPERS(waves, 12)
ORACLE_XN_WRAPPERS(must_save, 14)

/* Saved, these values would be 3 + 5 doubles per iteration of waves and
** a double and 4 indices per weight and tile of layer; recomputed, the tape
** stays empty. Its peak reads 0 below a 64 KiB chunk, so the sizes fill
** one: waves, 4000 iterations (256 KB of saves); layer_big, 64 rows of 32
** inputs to 16 outputs (16 tiles x 512 weights: 64 KB of weights, 256 KB
** of indices). */
#define NW 4000
int main(void)
{
    OracleRng rng = oracle_rng(1313);
    ORACLE_XN_CHECKS(layer, NMM, rng);
    ORACLE_XN_CHECKS(waves, 12, rng);
    ORACLE_XN_CHECKS(must_save, 14, rng);
    static double x[NW], g[NW];
    for (int i = 0; i < NW; i++)
        x[i] = 0.001 * i - 2.0;
    ccad_tape_reset_peak();
    waves_grad(x, g, NW);
    CHECK_EQ_INT("waves: peak tape bytes", (long)ccad_tape_peak_bytes(), 0);
    ccad_tape_reset_peak();
    double lb = layer_big_grad(x, g, 64 * 32 + 16 * 32 + 16);
    CHECK_EQ_INT("layer_big: peak tape bytes", (long)ccad_tape_peak_bytes(), 0);
    CHECK_CLOSE("layer_big: value", lb, layer_big(x, 64 * 32 + 16 * 32 + 16), 1e-12, 0);
    /* s is linear in the bias: d s / d bias[o] = sum over rows bt of 1 + 0.01 (16 bt + o) */
    CHECK_CLOSE("layer_big: d/d bias[3]", g[64 * 32 + 16 * 32 + 3], 64.0 + 0.01 * (16 * (63 * 64 / 2) + 64 * 3),
                1e-12, 0);
    return oracle_result();
}
