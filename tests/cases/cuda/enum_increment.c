/* cuda/enum_increment (probe16): C that C++ reads otherwise, in FILE.ad.cu.
** A loop over an enum, for (enum Stage k = S_A; k <= S_C; k++), printed as k++
** (and k-- in the reverse sweep): C++ has no ++ for an enum, nvcc refused
** FILE.ad.cu; the device code now assigns k = (enum Stage)(k + 1). A _Noreturn
** helper after a switch that returns on every case: its device copy lost the
** attribute, nvcc warned "missing return statement" (CCAD__NORETURN now).
** Also restrict parameters, _Static_assert in a body, _Alignof, a hex float
** literal, sizeof of a character constant (4 in C, 1 in C++).
** Oracle: f_cuda_host and f_grad_cuda_host bitwise against f and f_grad
** element by element, and f_grad against its closed form. */
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

enum Stage { S_A, S_B, S_C };
_Noreturn static void die(void) { for (;;) {} }

static double stage(enum Stage s, double v)
{
    switch (s) {
    case S_A: return sin(v);
    case S_B: return v * 0x1.8p1;       /* 3.0 */
    case S_C: return v * v;
    }
    die();
}

double f(const double *restrict x, int n, double *restrict w)
{
    _Static_assert(sizeof(double) == 8, "double");
    double s = 0;
    for (int i = 0; i < n; i++) {
        double v = x[i];
        for (enum Stage k = S_A; k <= S_C; k++) v = stage(k, v);
        w[i] = v * (double)_Alignof(double) / 8.0 + (double)sizeof 'a' * 0.25;   /* 'a' is an int in C: 1.0 */
        s += w[i];
    }
    return s;
}
#pragma ad grad(f) wrt(x[n]) scratch(w[n])
#pragma ad cuda(f) batch(x[n], w[n])
#pragma ad cuda(f_grad) batch(x[n], x_bar[n], w[n])
#include "enum_increment.ad.h"

int main(void)
{
    enum { N = 3, B = 2 };
    double x[B * N] = {0.1, 0.5, -0.3, 0.8, 1.1, -0.9}, w[B * N], r[B], g[B * N], wg[B * N], rg[B];
    f_cuda_host(B, x, N, w, r);
    f_grad_cuda_host(B, x, g, N, wg, rg);
    for (int b = 0; b < B; b++) {
        double ww[N], gg[N];
        double want = f(x + b * N, N, ww);
        CHECK_CLOSE("cuda host ret", r[b], want, 0, 0);
        CHECK_VEC_CLOSE("cuda host w", w + b * N, ww, N, 0, 0);
        double rr = f_grad(x + b * N, gg, N, ww);
        CHECK_CLOSE("cuda host grad ret", rg[b], rr, 0, 0);
        CHECK_VEC_CLOSE("cuda host grad", g + b * N, gg, N, 0, 0);
        for (int i = 0; i < N; i++) {
            double v = x[b * N + i], s = sin(v), d = cos(v) * 3 * 2 * (3 * s);
            CHECK_CLOSE("grad closed form", gg[i], d, 1e-12, 1e-14);
            CHECK_CLOSE("w value (sizeof 'a' is 4 in C)", ww[i], 9 * s * s + 1.0, 1e-12, 1e-14);
        }
    }
    return oracle_result();
}
