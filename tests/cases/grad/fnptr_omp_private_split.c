// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** grad/fnptr_omp_private_split: kernels with OpenMP loops reached through a
** function pointer (`Kern k = which ? k1 : k2; k(x, n)`: a dispatch over
** the file's functions of that type), one with private(tmp) of a local
** array, under grad and hvp. The split kernel keeps tmp in its frame, where
** no clause can name it: its loop runs serially in reverse mode (the
** private clause was dropped: every thread wrote the one frame copy).
** Oracles: central differences (1e-6), hvp against differences of grad
** (1e-5), for both targets. Run also at OMP_NUM_THREADS=1,2,4.
*/
#include <math.h>
#include "ccad_oracle.h"
typedef double (*Kern)(const double *, int);
static double k1(const double *x, int n)
{
    double s = 0, tmp[2];
#pragma omp parallel for reduction(+:s) private(tmp)
    for (int i = 0; i < n; i++) { tmp[0] = sin(x[i]); tmp[1] = tmp[0] * x[i]; s += tmp[1]; }
    return s;
}
static double k2(const double *x, int n)
{
    double s = 0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++) s += cos(x[i]) * x[i];
    return s;
}
double f(const double *x, int n, int which)
{
    Kern k = which ? k1 : k2;
    double a = k(x, n);
    return a * a + k2(x, n);
}
#pragma ad grad(f) wrt(x[n])
#pragma ad hvp(f) wrt(x[n])
#include "fnptr_omp_private_split.ad.h"
enum { N = 300 };
typedef struct { int w; } Ctx;
static void flat(void *c, const double *x, double *y) { y[0] = f(x, N, ((Ctx *)c)->w); }
static void gflat(void *c, const double *x, double *g) { f_grad(x, g, N, ((Ctx *)c)->w); }
int main(void) {
    static double x[N], g[N], gfd[N], v[N], hv[N], hfd[N];
    for (int i = 0; i < N; i++) { x[i] = sin(0.3 * i + 0.2); v[i] = cos(0.7 * i); }
    for (int w = 0; w < 2; w++) {
        Ctx c = {w};
        double f0 = f_grad(x, g, N, w);
        oracle_fd_grad(flat, &c, N, x, gfd);
        CHECK_VEC_CLOSE("grad vs fd", g, gfd, N, 1e-6, oracle_fd_atol(f0));
        f_hvp(x, v, hv, N, w);
        oracle_fd_jvp(gflat, &c, N, N, x, v, hfd);
        CHECK_VEC_CLOSE("hvp vs fd(grad)", hv, hfd, N, 1e-5, 1e-6);
    }
    return oracle_result();
}
