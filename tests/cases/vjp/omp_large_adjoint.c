// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_large_adjoint: llm.c's layernorm_forward at T = 1024 (B = 4,
** C = 256: an input of 1M doubles). Its backward sweep could not tell
** that iteration b accumulates only into its own rows of inp_bar (now it
** can: analysis/omp_rows.c), so each thread accumulated into a copy of
** it, as it still does for weight_bar and bias_bar; these were an OpenMP array-section
** reduction, `reduction(+:inp_bar[:B * T * C])`, whose copies gcc's libgomp
** makes on the threads' stacks: 8 MB overflowed the master thread's stack,
** a segmentation fault (found by bench_omp at llm.c's sizes). The copies
** are on the heap now (ccad_omp_part_d), added after the loop.
** Oracle: llm.c's layernorm_backward written by hand, at 1e-12 relative,
** for 1, 2 and 4 threads.
*/
#include <math.h>
#include <omp.h>
#include <stdlib.h>

#include "ccad_oracle.h"

void layernorm_forward(double *out, double *mean, double *rstd, const double *inp, const double *weight,
                       const double *bias, int B, int T, int C)
{
    double eps = 1e-5;
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const double *x = inp + b * T * C + t * C;
            double m = 0.0;
            for (int i = 0; i < C; i++) m += x[i];
            m = m / C;
            double v = 0.0;
            for (int i = 0; i < C; i++) {
                double xshift = x[i] - m;
                v += xshift * xshift;
            }
            v = v / C;
            double s = 1.0 / sqrt(v + eps);
            double *out_bt = out + b * T * C + t * C;
            for (int i = 0; i < C; i++) out_bt[i] = s * (x[i] - m) * weight[i] + bias[i];
            mean[b * T + t] = m;
            rstd[b * T + t] = s;
        }
    }
}

#pragma ad vjp(layernorm_forward) wrt(inp[B*T*C], weight[C], bias[C]) out(out[B*T*C], mean[B*T], rstd[B*T])

#include "omp_large_adjoint.ad.h"

/* llm.c's layernorm_backward (mean and rstd carry no incoming gradient) */
static void layernorm_backward(double *dinp, double *dweight, double *dbias, const double *dout, const double *inp,
                               const double *weight, const double *mean, const double *rstd, int B, int T, int C)
{
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            const double *dout_bt = dout + b * T * C + t * C, *inp_bt = inp + b * T * C + t * C;
            double *dinp_bt = dinp + b * T * C + t * C;
            double mean_bt = mean[b * T + t], rstd_bt = rstd[b * T + t], dnorm_mean = 0.0, dnorm_norm_mean = 0.0;
            for (int i = 0; i < C; i++) {
                double norm_bti = (inp_bt[i] - mean_bt) * rstd_bt, dnorm_i = weight[i] * dout_bt[i];
                dnorm_mean += dnorm_i;
                dnorm_norm_mean += dnorm_i * norm_bti;
            }
            dnorm_mean /= C;
            dnorm_norm_mean /= C;
            for (int i = 0; i < C; i++) {
                double norm_bti = (inp_bt[i] - mean_bt) * rstd_bt, dnorm_i = weight[i] * dout_bt[i];
                dbias[i] += dout_bt[i];
                dweight[i] += norm_bti * dout_bt[i];
                dinp_bt[i] += (dnorm_i - dnorm_mean - norm_bti * dnorm_norm_mean) * rstd_bt;
            }
        }
}

enum { B = 4, T = 1024, C = 256 };

int main(void)
{
    size_t n = (size_t)B * T * C;
    double *x = malloc(n * sizeof *x), *xb = malloc(n * sizeof *xb), *xh = malloc(n * sizeof *xh);
    double *y = malloc(n * sizeof *y), *yb = malloc(n * sizeof *yb), *seed = malloc(n * sizeof *seed);
    double *mean = malloc(B * T * sizeof *mean), *rstd = malloc(B * T * sizeof *rstd);
    double *meanb = calloc(B * T, sizeof *meanb), *rstdb = calloc(B * T, sizeof *rstdb);
    double w[C], b[C], wb[C], bb[C], wh[C], bh[C];
    for (size_t i = 0; i < n; i++) {
        x[i] = sin(0.37 * (double)i) + 0.1 * cos(0.011 * (double)i);
        seed[i] = cos(0.23 * (double)i);
    }
    for (int i = 0; i < C; i++) {
        w[i] = 1.0 + 0.01 * i;
        b[i] = 0.001 * i;
    }
    int threads[3] = {1, 2, 4};
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(threads[k]);
        for (size_t i = 0; i < n; i++) xb[i] = xh[i] = 0.0, yb[i] = seed[i];
        for (int i = 0; i < C; i++) wb[i] = bb[i] = wh[i] = bh[i] = 0.0;
        layernorm_forward_vjp(y, yb, mean, meanb, rstd, rstdb, x, xb, w, wb, b, bb, B, T, C);
        layernorm_backward(xh, wh, bh, seed, x, w, mean, rstd, B, T, C);
        CHECK_VEC_CLOSE("inp_bar = llm.c's dinp", xb, xh, (long)n, ORACLE_RTOL_EXACT, 1e-14);
        CHECK_VEC_CLOSE("weight_bar = llm.c's dweight", wb, wh, C, ORACLE_RTOL_EXACT, 1e-12);
        CHECK_VEC_CLOSE("bias_bar = llm.c's dbias", bb, bh, C, ORACLE_RTOL_EXACT, 1e-12);
    }
    free(x), free(xb), free(xh), free(y), free(yb), free(seed), free(mean), free(rstd), free(meanb), free(rstdb);
    return oracle_result();
}
