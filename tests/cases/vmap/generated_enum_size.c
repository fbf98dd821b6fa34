// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/generated_enum_size: a request on a generated function reads its
** sizes as a request on a function of the file does: a file-scope
** enumeration constant (batch(x[NL], x_bar[NL]) on f_grad) and sizeof of a
** file-scope typedef (x[sizeof(Pair) / sizeof(double)]). Both were refused
** for vmap(f_grad) ("'NL' is not a parameter of the function"): the front
** end looked them up in the translation unit, which is disposed of before
** the planner checks a composed request (probe18).
** Oracle: each batch element equals f_grad on that element (bitwise: the
** same code runs) and central differences of f.
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

enum { NL = 2 };
typedef struct Pair { double a, b; } Pair;

double f(const double *x) { return sin(x[0]) * x[1]; }

#pragma ad vmap(f) batch(x[NL])
#pragma ad grad(f) wrt(x[NL])
#pragma ad vmap(f_grad) batch(x[NL], x_bar[NL])
#pragma ad vmap(f_grad) batch(x[sizeof(Pair) / sizeof(double)], x_bar[NL]) name(f_grad_pairs)

#include "generated_enum_size.ad.h"

enum { B = 3 };

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = f(x);
}

int main(void)
{
    OracleRng rng = oracle_rng(18);
    double x[B * NL], g[B * NL], g2[B * NL], ret[B], ret2[B], v[B];
    oracle_fill_uniform(&rng, x, B * NL, -2.0, 2.0);
    f_vmap(B, x, v);
    f_grad_vmap(B, x, g, ret);
    f_grad_pairs(B, x, g2, ret2);
    for (int b = 0; b < B; b++) {
        double gb[NL], fd[NL], y = f(x + b * NL);
        CHECK_CLOSE("vmap(f) element = f", v[b], y, 0.0, 0.0);
        CHECK_CLOSE("vmap(f_grad) returns f", ret[b], y, 0.0, 0.0);
        CHECK_CLOSE("vmap(f_grad) (typedef size) returns f", ret2[b], y, 0.0, 0.0);
        f_grad(x + b * NL, gb);
        CHECK_VEC_CLOSE("vmap(f_grad) element = f_grad", g + b * NL, gb, NL, 0.0, 0.0);
        CHECK_VEC_CLOSE("vmap(f_grad) (typedef size) element = f_grad", g2 + b * NL, gb, NL, 0.0, 0.0);
        oracle_fd_grad(f_flat, NULL, NL, x + b * NL, fd);
        CHECK_VEC_CLOSE("vmap(f_grad) element vs central differences", g + b * NL, fd, NL, ORACLE_RTOL_FD,
                        oracle_fd_atol(y));
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
