/* bench_kernels.h: the small kernels bench_kernels times (nbody.c, kissfft.c, fft_iter.c). */
#ifndef BENCH_KERNELS_H
#define BENCH_KERNELS_H

struct planet {
    double x, y, z;
    double vx, vy, vz;
    double mass;
};

void advance(int nbodies, struct planet *bodies, double dt);
double energy(int nbodies, struct planet *bodies);
void advance_backward_hand(int nbodies, const struct planet *in, struct planet *bar, double dt);

typedef struct {
    float r, i;
} kiss_fft_cpx;

#define MAXFACTORS 32
struct kiss_fft_state {
    int nfft;
    int inverse;
    int factors[2 * MAXFACTORS];
    kiss_fft_cpx twiddles[];
};
typedef struct kiss_fft_state *kiss_fft_cfg;

kiss_fft_cfg kiss_fft_alloc(int nfft, int inverse_fft);
void kiss_fft(kiss_fft_cfg cfg, const kiss_fft_cpx *fin, kiss_fft_cpx *fout);
void kiss_fft_stride(kiss_fft_cfg st, const kiss_fft_cpx *fin, kiss_fft_cpx *fout, int in_stride);

typedef struct cplx {
    float re, im;
} cplx;

void fft_iter(cplx *a, int n, const cplx *w);

#endif
