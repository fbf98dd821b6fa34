/*
** cuda/bool_types (probe15): C's _Bool without <stdbool.h> (_Bool seen;
** _Bool t = x[i];) and an old-style typedef enum { false, true } bool; of
** the user's, and a local named asm (an identifier in C11, a keyword in
** C++). FILE.ad.cu printed _Bool, which C++ has only through GCC's
** <stdbool.h>, and copied the user's bool, true and false, C++ keywords:
** nvcc rejected it. _Bool prints as ccad_bool (typedef bool) and the user's
** names (and asm) are renamed like the other C++ keywords. Oracle: f_cuda_host
** bitwise against f and f_grad element by element.
*/
#include <math.h>
#include "ccad_oracle.h"

typedef enum { false, true } bool;
typedef int wchar_t_;

static bool positive(double v) { return v > 0 ? true : false; }

double f(const double *x, int n)
{
    _Bool seen = 0;
    bool any = false;
    double s = 0.0, asm = 1.5;
    for (int i = 0; i < n; i++) {
        if (positive(x[i])) { any = true; s += x[i] * x[i]; }
        seen = seen || x[i] < -0.5;
        _Bool t = x[i];
        s += t * 0.5 * asm;
    }
    return any ? s + seen : -s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad cuda(f) batch(x[n])
#pragma ad cuda(f_grad) batch(x[n], x_bar[n])

#include "bool_types.ad.h"

enum { B = 4, N = 3 };

int main(void)
{
    OracleRng rng = oracle_rng(17);
    static double x[B * N], r[B], rg[B], xb[B * N], wxb[B * N];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    x[3] = -0.2; x[4] = -0.3; x[5] = 0.0;
    f_cuda_host(B, x, N, r);
    f_grad_cuda_host(B, x, xb, N, rg);
    for (int b = 0; b < B; b++) {
        CHECK_CLOSE("f", r[b], f(x + b * N, N), 0, 0);
        CHECK_CLOSE("g", rg[b], f_grad(x + b * N, wxb + b * N, N), 0, 0);
    }
    CHECK_VEC_CLOSE("xb", xb, wxb, B * N, 0, 0);
    return oracle_result();
}
