/*
** bench/loss.c: seed 001's objective on R^10000 -> R,
**     loss(x) = sin(exp(<x_star, x> / sqrt(n))),
** x_star a constant parameter (not differentiated).
*/
#include <math.h>

#include "bench_cases.h"

double loss(const double *x, const double *x_star, int n)
{
    double d = 0.0;
    for (int i = 0; i < n; i++)
        d += x_star[i] * x[i];
    return sin(exp(d / sqrt((double)n)));
}

#pragma ad grad(loss) wrt(x[n])
