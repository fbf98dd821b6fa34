// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_private_array: llm.c's tiled matmul_forward (a local
** 'result[LOOP_UNROLL]' inside the '#pragma omp parallel for' loop, here
** with LOOP_UNROLL a macro, as ports of it write it). Each iteration's
** result is its own, and so must be the adjoint result_bar in the parallel
** backward loop (regression: result_bar was one array shared by the
** threads, accumulated with 'omp atomic' and zeroed by each thread in
** turn: with 2 threads the gradients were wrong by O(1)).
** Oracle: llm.c's matmul_backward written by hand, in double, at 1e-12
** relative (the threads' atomic sums into weight_bar add the same terms
** in another order), for 1, 2 and 4 threads, several calls each.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

#define LOOP_UNROLL 8

void matmul_forward(double* out, const double* inp, const double* weight, const double* bias,
                    int B, int T, int C, int OC) {
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
                out[bt * OC + o] = result[ibt];
            }
        }
    }
}

/* the same loop in a function that the requested one calls: its arrays
** live in one frame shared by its forward and backward functions, so
** both sweeps run on one thread (with a note; regression: the threads
** shared result, and the forward sweep's outputs were wrong too) */
void dense_tanh(double* out, const double* inp, const double* weight, const double* bias,
                int B, int T, int C, int OC) {
    matmul_forward(out, inp, weight, bias, B, T, C, OC);
    for (int i = 0; i < B * T * OC; i++) out[i] = tanh(out[i]);
}

#pragma ad vjp(matmul_forward) wrt(inp, weight, bias) out(out)
#pragma ad vjp(dense_tanh) wrt(inp, weight, bias) out(out)

#include "omp_private_array.ad.h"

static void matmul_backward(double* dinp, double* dweight, double* dbias, const double* dout, const double* inp,
                            const double* weight, int B, int T, int C, int OC) {
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const double* dout_bt = dout + b * T * OC + t * OC;
            double* dinp_bt = dinp + b * T * C + t * C;
            for (int o = 0; o < OC; o++) {
                const double* wrow = weight + o * C;
                double d = dout_bt[o];
                for (int i = 0; i < C; i++) dinp_bt[i] += wrow[i] * d;
            }
        }
    }
    for (int o = 0; o < OC; o++) {
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                const double* dout_bt = dout + b * T * OC + t * OC;
                const double* inp_bt = inp + b * T * C + t * C;
                double* dwrow = dweight + o * C;
                double d = dout_bt[o];
                dbias[o] += d;
                for (int i = 0; i < C; i++) dwrow[i] += inp_bt[i] * d;
            }
        }
    }
}

enum { B = 4, T = 16, C = 12, OC = 10, NI = B * T * C, NO = B * T * OC };

int main(void) {
    OracleRng rng = oracle_rng(44);
    static double inp[NI], w[OC * C], bias[OC], out[NO], want[NO], seed[NO], ob[NO];
    static double gi[NI], gw[OC * C], gb[OC], hi[NI], hw[OC * C], hb[OC];
    oracle_fill_uniform(&rng, inp, NI, -1, 1);
    oracle_fill_uniform(&rng, w, OC * C, -1, 1);
    oracle_fill_uniform(&rng, bias, OC, -1, 1);
    oracle_fill_uniform(&rng, seed, NO, -1, 1);
    matmul_forward(want, inp, w, bias, B, T, C, OC);
    matmul_backward(hi, hw, hb, seed, inp, w, B, T, C, OC);
    int threads[3] = {1, 2, 4};
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(threads[k]);
        for (int rep = 0; rep < 3; rep++) {
            memcpy(ob, seed, sizeof ob);
            memset(gi, 0, sizeof gi);
            memset(gw, 0, sizeof gw);
            memset(gb, 0, sizeof gb);
            matmul_forward_vjp(out, ob, inp, gi, w, gw, bias, gb, B, T, C, OC);
            printf("-- %d threads, call %d\n", threads[k], rep + 1);
            CHECK_VEC_CLOSE("out", out, want, NO, 0, 0);
            CHECK_VEC_CLOSE("inp_bar", gi, hi, NI, 1e-12, 1e-14);
            CHECK_VEC_CLOSE("weight_bar", gw, hw, OC * C, 1e-12, 1e-14);
            CHECK_VEC_CLOSE("bias_bar", gb, hb, OC, 1e-12, 1e-14);
        }
    }
    /* dense_tanh: the seed times 1 - tanh^2 into matmul_backward */
    static double tw[NO], ti[NI], tww[OC * C], tb[OC], dpre[NO];
    for (int i = 0; i < NO; i++) {
        tw[i] = tanh(want[i]);
        dpre[i] = seed[i] * (1 - tw[i] * tw[i]);
    }
    matmul_backward(ti, tww, tb, dpre, inp, w, B, T, C, OC);
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(threads[k]);
        memcpy(ob, seed, sizeof ob);
        memset(gi, 0, sizeof gi);
        memset(gw, 0, sizeof gw);
        memset(gb, 0, sizeof gb);
        dense_tanh_vjp(out, ob, inp, gi, w, gw, bias, gb, B, T, C, OC);
        printf("-- dense_tanh, %d threads\n", threads[k]);
        CHECK_VEC_CLOSE("out", out, tw, NO, 1e-15, 0);
        CHECK_VEC_CLOSE("inp_bar", gi, ti, NI, 1e-12, 1e-14);
        CHECK_VEC_CLOSE("weight_bar", gw, tww, OC * C, 1e-12, 1e-14);
        CHECK_VEC_CLOSE("bias_bar", gb, tb, OC, 1e-12, 1e-14);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
