// NO-STANDALONE-HEADER: the file includes its header and uses an untagged enum typedef, which C cannot declare twice
/*
** grad/types: everyday C types around the differentiated code: an untagged
** enum typedef, size_t counts, bool flags, restrict pointers, a static
** inline helper, unsigned loop counters. Oracles: central differences, and
** jvp / grad / jacrev agreeing.
*/
#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef enum { MODE_A, MODE_B } Mode;

static inline double sq(double v) { return v * v; }

double f(const double *restrict x, size_t n, Mode mode, bool flag)
{
    double s = 0.0;
    for (size_t i = 0; i < n; ++i) {
        if (mode == MODE_A && flag)
            s += sq(x[i]) * (double)(i + 1);
        else
            s -= x[i] / (1.0 + (double)i);
    }
    unsigned k = (unsigned)n;
    while (k-- > 0)
        s = s * 1.01 + 0.1 * sin(s);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#pragma ad jacrev(f) wrt(x[n])

#include "types.ad.h"

enum { N = 5 };
static Mode g_mode;
static bool g_flag;

static void flat(void *ctx, const double *in, double *y)
{
    (void)ctx;
    y[0] = f(in, N, g_mode, g_flag);
}

int main(void)
{
    double x[N] = {1.0, 2.0, -1.0, 0.5, 0.25};
    for (int c = 0; c < 2; c++) {
        g_mode = c ? MODE_B : MODE_A;
        g_flag = true;
        double g[N], J[N], fd[N];
        f_grad(x, g, N, g_mode, g_flag);
        f_jacrev(x, N, g_mode, g_flag, J);
        oracle_fd_grad(flat, NULL, N, x, fd);
        CHECK_VEC_CLOSE("grad vs central differences", g, fd, N, 1e-6, 1e-9);
        CHECK_VEC_CLOSE("jacrev = grad", J, g, N, 1e-13, 0.0);
        double v[N] = {1, -1, 0.5, 2, 0.25}, d, dot = 0.0;
        f_jvp(x, v, N, g_mode, g_flag, &d);
        for (int i = 0; i < N; i++) dot += g[i] * v[i];
        CHECK_CLOSE("<grad, v> = jvp(v)", dot, d, 1e-12, 1e-15);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
