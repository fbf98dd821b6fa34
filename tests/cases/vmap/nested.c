// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/nested: the nested JAX spelling of contract section 2,
**     #pragma ad vmap(grad(f)) wrt(x[n]) batch(x[n], x_bar[n])
** means the two requests grad(f) wrt(x[n]) and vmap(f_grad) batch(...):
** wrt and out go to the derivative, batch and name to vmap. It was a
** syntax error ("expected ')'").
** Oracle: each batch element's gradient equals f_grad on that element
** (bitwise: the same code runs) and central differences of f.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h"
#include "ccad_oracle.h"

/* log-sum-exp of a row, the softmax normaliser of llm.c's loss */
double lse(const double *x, int n)
{
    double m = x[0], s = 0.0;
    for (int i = 1; i < n; i++)
        if (x[i] > m)
            m = x[i];
    for (int i = 0; i < n; i++)
        s += exp(x[i] - m);
    return m + log(s);
}

#pragma ad vmap(grad(lse)) wrt(x[n]) batch(x[n], x_bar[n])
#pragma ad vmap(jvp(lse)) wrt(x[n]) batch(x[n], x_dot[n], ret_dot[1]) name(lse_tangents)

#include "nested.ad.h"

enum { N = 5, B = 4 };

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = lse(x, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(5);
    double x[B * N], g[B * N], ret[B], v[B * N], dot[B], dret[B];
    oracle_fill_uniform(&rng, x, B * N, -2.0, 2.0);
    oracle_fill_normal(&rng, v, B * N);
    lse_grad_vmap(B, x, g, N, ret);
    lse_tangents(B, x, v, N, dot, dret);
    for (int b = 0; b < B; b++) {
        double gb[N], fd[N], y = lse(x + b * N, N);
        CHECK_CLOSE("vmap(grad) returns lse", ret[b], y, 0.0, 0.0);
        double yg = lse_grad(x + b * N, gb, N);
        CHECK_CLOSE("lse_grad returns lse", yg, y, 0.0, 0.0);
        CHECK_VEC_CLOSE("vmap(grad) element = lse_grad", g + b * N, gb, N, 0.0, 0.0);
        oracle_fd_grad(f_flat, NULL, N, x + b * N, fd);
        CHECK_VEC_CLOSE("vmap(grad) element vs central differences", g + b * N, fd, N, ORACLE_RTOL_FD,
                        oracle_fd_atol(y));
        CHECK_CLOSE("vmap(jvp) element = <grad, v>", dot[b], oracle_dot(gb, v + b * N, N), ORACLE_RTOL_DOT, 1e-15);
        CHECK_CLOSE("vmap(jvp) returns lse", dret[b], y, 0.0, 0.0);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
