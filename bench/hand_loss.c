/*
** bench/hand_loss.c: the closed-form gradient of loss (loss.c):
**     grad = cos(e) e x_star / sqrt(n),  e = exp(<x_star, x> / sqrt(n)).
*/
#include <math.h>

#include "bench_cases.h"

double loss_hand(const double *x, double *x_bar, const double *x_star, int n)
{
    double d = 0.0;
    for (int i = 0; i < n; i++)
        d += x_star[i] * x[i];
    double rs = sqrt((double)n);
    double e = exp(d / rs);
    double c = cos(e) * e / rs;
    for (int i = 0; i < n; i++)
        x_bar[i] = c * x_star[i];
    return sin(e);
}
