/* FILE.ad.cu is C++ (CUDA), and the device code copies C that C++ reads
** otherwise (probe5): int to enum (`enum mode m = which % 3;`, spelled
** with a cast by cuda.c) and a struct defined inside another
** (struct outer { struct inner {...} in; }, then `struct inner q` at
** function scope: in C++ outer::inner, "incomplete type"; FILE.ad.cu now
** defines such a tagged record at file scope before the outer one). Oracle:
** cuda(model_grad)'s f_cuda_host against model_grad element by element
** (bitwise), and model_grad against central differences. */
#include "ccad.h"
#include "ccad_oracle.h"
#include <math.h>

enum mode { LIN = 0, QUAD = 1, CUB = 2 };
struct outer { struct inner { double a, b; } in; double c; };

static double poly(double t, enum mode m)
{
    const double coef[3] = {1.0, 0.5, 0.25};
    double r = 0.0, p = 1.0;
    for (int k = 0; k <= (int)m; k++) { r += coef[k] * p; p *= t; }
    return r;
}

double model(const double *x, int n, int which)
{
    enum mode m = which % 3;
    struct outer o = {{x[0], x[1]}, 0.5};
    struct inner q = {x[1] * 2.0, x[0]};
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        m = (m + 1) % 3;
        s += poly(x[i], m) * (i % 2 ? o.in.a : q.b) + o.c * q.a;
    }
    return s;
}

#pragma ad grad(model) wrt(x[n])
#pragma ad cuda(model_grad) batch(x[n])

#include "c_not_cxx.ad.h"

typedef struct Ctx { int n, which; } Ctx;

static void model_fd(void *ctx, const double *x, double *y)
{
    const Ctx *c = ctx;
    *y = model(x, c->n, c->which);
}

int main(void)
{
    enum { B = 3, N = 4 };
    double x[B * N], g[B * N], r[B], want[N], fd[N];
    for (int i = 0; i < B * N; i++)
        x[i] = 0.2 * i - 0.7;
    model_grad_cuda_host(B, x, g, N, 2, r);
    for (int b = 0; b < B; b++) {
        double v = model_grad(x + b * N, want, N, 2);
        CHECK_VEC_CLOSE("f_cuda_host = model_grad", g + b * N, want, N, 0.0, 0.0);
        CHECK_CLOSE("f_cuda_host's value", r[b], v, 0.0, 0.0);
        Ctx c = {N, 2};
        oracle_fd_grad(model_fd, &c, N, x + b * N, fd);
        CHECK_VEC_CLOSE("model_grad = central differences", want, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
    return oracle_result();
}
