/* bench/omp_layers.h: the layers of omp_layers.c and their hand-written
 * backward passes (hand_omp_layers.c, as llm.c writes them). */
#ifndef BENCH_OMP_LAYERS_H
#define BENCH_OMP_LAYERS_H
void dense_forward(double *y, const double *x, const double *w, const double *b, int batch, int in, int out);
void matmul_forward(double *out, const double *inp, const double *weight, const double *bias, int B, int T, int C,
                    int OC);
void layernorm_forward(double *out, double *mean, double *rstd, const double *inp, const double *weight,
                       const double *bias, int B, int T, int C);
void gelu_forward(double *out, const double *inp, int N);
void attention_forward(double *out, double *preatt, double *att, const double *inp, int B, int T, int C, int NH);

void dense_backward(double *dx, double *dw, double *db, const double *dy, const double *y, const double *x,
                    const double *w, int batch, int in, int out);
void matmul_backward(double *dinp, double *dweight, double *dbias, const double *dout, const double *inp,
                     const double *weight, int B, int T, int C, int OC);
void layernorm_backward(double *dinp, double *dweight, double *dbias, const double *dout, const double *inp,
                        const double *weight, const double *mean, const double *rstd, int B, int T, int C);
void gelu_backward(double *dinp, const double *inp, const double *dout, int N);
void attention_backward(double *dinp, double *dpreatt, double *datt, const double *dout, const double *inp,
                        const double *att, int B, int T, int C, int NH);
#endif
