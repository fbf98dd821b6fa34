/* bench_tape.h: the functions bench_tape times (gmm_gb.c, matmul.c, loop18.c). */
#ifndef BENCH_TAPE_H
#define BENCH_TAPE_H

typedef struct GbWishart {
    double gamma;
    int m;
} GbWishart;

void gmm_gb(int d, int k, int n, double const *alphas, double const *means,
            double const *icf, double const *x, GbWishart wishart, double *err);
void matmul_forward(float *out, const float *inp, const float *weight, const float *bias,
                    int B, int T, int C, int OC);
void matmul_backward_hand(float *dinp, float *dweight, float *dbias, const float *dout,
                          const float *inp, const float *weight, int B, int T, int C, int OC);
double waves(int n, const double *x, const double *c, double a);

#endif
