// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_const_unroll: llm.c's tiled matmul_forward exactly as llm.c
** writes it, 'const int LOOP_UNROLL = 8;' in the function and
** 'obt += LOOP_UNROLL' as the parallel loop's step, here with an epilogue
** that squares each tile element and takes its tanh, so the backward sweep
** needs the tile's values. The step was a variable, so the loop was not a
** counted one and both sweeps ran on one thread (a note); a const local
** with a constant initializer is now that constant. The tile, an array
** declared in the loop, is each thread's own; its final contents go on
** the thread's tape whole (they were a reason to run serially too).
** Oracle: the backward written by hand (llm.c's matmul_backward after the
** epilogue's chain rule), in double, at 1e-12 relative, for 1, 2 and 4
** threads, two calls each.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

void matmul_sq_tanh(double* out, const double* inp, const double* weight, const double* bias,
                    int B, int T, int C, int OC) {
    const int LOOP_UNROLL = 8;
    #pragma omp parallel for
    for (int obt = 0; obt < B * T; obt += LOOP_UNROLL) {
        for (int o = 0; o < OC; o++) {
            double result[LOOP_UNROLL];
            for (int ibt = 0; ibt < LOOP_UNROLL; ibt++) {
                result[ibt] = bias[o];
            }
            for (int i = 0; i < C; i++) {
                double w = weight[i + o * C];
                for (int ibt = 0; ibt < LOOP_UNROLL; ibt++) {
                    int bt = obt + ibt;
                    result[ibt] += inp[bt * C + i] * w;
                }
            }
            for (int ibt = 0; ibt < LOOP_UNROLL; ibt++) {
                int bt = obt + ibt;
                result[ibt] = result[ibt] * result[ibt];
                out[bt * OC + o] = tanh(result[ibt]);
            }
        }
    }
}

#pragma ad vjp(matmul_sq_tanh) wrt(inp[B*T*C], weight[OC*C], bias[OC]) out(out[B*T*OC])

#include "omp_const_unroll.ad.h"

static void matmul(double* out, const double* inp, const double* weight, const double* bias, int BT, int C, int OC) {
    for (int bt = 0; bt < BT; bt++)
        for (int o = 0; o < OC; o++) {
            double s = bias[o];
            for (int i = 0; i < C; i++) s += inp[bt * C + i] * weight[o * C + i];
            out[bt * OC + o] = s;
        }
}

static void matmul_backward(double* dinp, double* dweight, double* dbias, const double* dout, const double* inp,
                            const double* weight, int BT, int C, int OC) {
    for (int bt = 0; bt < BT; bt++)
        for (int o = 0; o < OC; o++) {
            double d = dout[bt * OC + o];
            dbias[o] += d;
            for (int i = 0; i < C; i++) {
                dinp[bt * C + i] += weight[o * C + i] * d;
                dweight[o * C + i] += inp[bt * C + i] * d;
            }
        }
}

enum { B = 4, T = 16, C = 12, OC = 10, NI = B * T * C, NO = B * T * OC };

int main(void) {
    OracleRng rng = oracle_rng(45);
    static double inp[NI], w[OC * C], bias[OC], out[NO], pre[NO], want[NO], seed[NO], ob[NO], dpre[NO];
    static double gi[NI], gw[OC * C], gb[OC], hi[NI], hw[OC * C], hb[OC];
    oracle_fill_uniform(&rng, inp, NI, -0.5, 0.5);
    oracle_fill_uniform(&rng, w, OC * C, -0.5, 0.5);
    oracle_fill_uniform(&rng, bias, OC, -0.5, 0.5);
    oracle_fill_uniform(&rng, seed, NO, -1, 1);
    matmul(pre, inp, w, bias, B * T, C, OC);
    for (int k = 0; k < NO; k++) {  /* out = tanh(pre^2): d out / d pre = (1 - out^2) 2 pre */
        want[k] = tanh(pre[k] * pre[k]);
        dpre[k] = seed[k] * (1 - want[k] * want[k]) * 2 * pre[k];
    }
    matmul_backward(hi, hw, hb, dpre, inp, w, B * T, C, OC);
    int threads[3] = {1, 2, 4};
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(threads[k]);
        for (int rep = 0; rep < 2; rep++) {
            memcpy(ob, seed, sizeof ob);
            memset(gi, 0, sizeof gi);
            memset(gw, 0, sizeof gw);
            memset(gb, 0, sizeof gb);
            matmul_sq_tanh_vjp(out, ob, inp, gi, w, gw, bias, gb, B, T, C, OC);
            printf("-- %d threads, call %d\n", threads[k], rep + 1);
            CHECK_VEC_CLOSE("out", out, want, NO, 1e-13, 1e-15);
            CHECK_VEC_CLOSE("inp_bar", gi, hi, NI, 1e-12, 1e-14);
            CHECK_VEC_CLOSE("weight_bar", gw, hw, OC * C, 1e-12, 1e-14);
            CHECK_VEC_CLOSE("bias_bar", gb, hb, OC, 1e-12, 1e-14);
        }
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
