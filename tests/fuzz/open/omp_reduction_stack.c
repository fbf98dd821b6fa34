/* OPEN (found by bench_omp at llm.c's sizes): the reverse sweep of an
** OpenMP loop whose adjoint writes it cannot prove disjoint per iteration
** privatises the adjoint array with `reduction(+:inp_bar[:B * T * C])`;
** gcc's libgomp puts each thread's private copy on that thread's stack, so
** past about 1M doubles (B = 4, T = 1024, C = 256 here; GPT-2 small with
** T = 1024 has 3M) the master thread's 8 MB stack overflows: a
** segmentation fault, not a wrong derivative (ulimit -s 65536 and
** OMP_STACKSIZE=64M run it). The copies also cost the scaling: at this size
** the vjp takes as long on 2 threads as on 1 (the hand-written backward
** writes each row's slice of dinp directly). A fix: the writes through
** x_bar = inp_bar + b*T*C + t*C, x_bar[i] with 0 <= i < C, are disjoint
** per b (an affine offset whose range is one iteration's block); failing
** that, private copies on the heap (calloc'd per thread, added under a
** lock) rather than the OpenMP reduction.
**   cc-ad omp_reduction_stack.c -- -fopenmp &&
**   gcc -O2 -fopenmp omp_reduction_stack.c omp_reduction_stack.ad.c -I include
**       build/runtime/libccad.a -lm && OMP_NUM_THREADS=2 ./a.out   (SIGSEGV) */
#include <math.h>
#include <stdlib.h>

void layernorm_forward(double *out, double *mean, double *rstd, const double *inp, const double *weight,
                       const double *bias, int B, int T, int C)
{
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const double *x = inp + b * T * C + t * C;
            double m = 0.0, v = 0.0;
            for (int i = 0; i < C; i++) m += x[i];
            m = m / C;
            for (int i = 0; i < C; i++) v += (x[i] - m) * (x[i] - m);
            double s = 1.0 / sqrt(v / C + 1e-5);
            double *out_bt = out + b * T * C + t * C;
            for (int i = 0; i < C; i++) out_bt[i] = s * (x[i] - m) * weight[i] + bias[i];
            mean[b * T + t] = m;
            rstd[b * T + t] = s;
        }
    }
}

#pragma ad vjp(layernorm_forward) wrt(inp[B*T*C], weight[C], bias[C]) out(out[B*T*C], mean[B*T], rstd[B*T])

#include "omp_reduction_stack.ad.h"

int main(void)
{
    enum { B = 4, T = 1024, C = 256 };
    size_t n = (size_t)B * T * C;
    double *x = calloc(n, sizeof *x), *xb = calloc(n, sizeof *xb), *y = calloc(n, sizeof *y), *yb = calloc(n, sizeof *yb);
    double w[C], wb[C] = {0}, b[C], bb[C] = {0}, *mean = calloc(B * T, sizeof *mean), *rstd = calloc(B * T, sizeof *rstd);
    double *meanb = calloc(B * T, sizeof *meanb), *rstdb = calloc(B * T, sizeof *rstdb);
    for (size_t i = 0; i < n; i++) x[i] = sin(0.001 * (double)i), yb[i] = 1.0;
    for (int i = 0; i < C; i++) w[i] = 1.0, b[i] = 0.0;
    layernorm_forward_vjp(y, yb, mean, meanb, rstd, rstdb, x, xb, w, wb, b, bb, B, T, C);
    return xb[0] != xb[0];
}
