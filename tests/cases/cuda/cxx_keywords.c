/* cuda/cxx_keywords (probe5): C identifiers that C++ reserves (a local
** `double new`, a parameter `int class`, a helper `delete`, struct fields
** `this` and `new`, `template`, `private`, `public`, `operator`, `try`)
** were copied into FILE.ad.cu, which nvcc compiles as C++: it failed. The
** device code now defines each such word it uses as another name after
** its headers (the layout of the types is unchanged). Oracle: the host
** copy of the per-element code, bitwise against model_grad element by
** element, and model_grad against central differences. */
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

#include <math.h>
typedef struct { double this, new; } Pair;

static double delete(double private, double public) { return private * public; }

double model(const double *x, int n, int class)
{
    double new = 0.0, old = 1.0;
    Pair template = {x[0], x[1]};
    for (int try = 0; try < n; try++) {
        double operator = x[try] * old + template.this;
        new += delete(operator, template.new) + sin(operator);
        old = new * 0.5;
    }
    return new * (class + 1);
}

#pragma ad grad(model) wrt(x[n])
#pragma ad cuda(model_grad) batch(x[n])

#include "cxx_keywords.ad.h"

enum { B = 5, N = 3 };

int main(void)
{
    OracleRng rng = oracle_rng(31);
    static double x[B * N], g[B * N], gh[B * N], r[B], rh[B];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    for (int b = 0; b < B; b++) r[b] = model_grad(x + b * N, g + b * N, N, 2);
    model_grad_cuda_host(B, x, gh, N, 2, rh);
    CHECK_VEC_CLOSE("model_grad_cuda_host value", rh, r, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("model_grad_cuda_host x_bar", gh, g, B * N, 0.0, 0.0);
    double xp[N], fd[N];
    for (int j = 0; j < N; j++) {
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        memcpy(xp, x, sizeof xp);
        xp[j] = x[j] + h;
        double fp = model(xp, N, 2);
        xp[j] = x[j] - h;
        fd[j] = (fp - model(xp, N, 2)) / (2 * h);
    }
    CHECK_VEC_CLOSE("model_grad vs differences", g, fd, N, ORACLE_RTOL_FD, oracle_fd_atol(model(x, N, 2)));
    return oracle_result();
}
