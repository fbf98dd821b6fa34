/*
** bench/loop18.c: a loop body of 18 cheap statements, each a damped
** wave t_j = sin(a x_i + j) exp(-c_j x_i^2), summed with weights.
*/
#include <math.h>

#include "bench_tape.h"

double waves(int n, const double *x, const double *c, double a)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double t0 = sin(a * x[i] + 0) * exp(-c[0] * x[i] * x[i]);
        double t1 = sin(a * x[i] + 1) * exp(-c[1] * x[i] * x[i]);
        double t2 = sin(a * x[i] + 2) * exp(-c[2] * x[i] * x[i]);
        double t3 = sin(a * x[i] + 3) * exp(-c[3] * x[i] * x[i]);
        double t4 = sin(a * x[i] + 4) * exp(-c[4] * x[i] * x[i]);
        double t5 = sin(a * x[i] + 5) * exp(-c[5] * x[i] * x[i]);
        double t6 = sin(a * x[i] + 6) * exp(-c[6] * x[i] * x[i]);
        double t7 = sin(a * x[i] + 7) * exp(-c[7] * x[i] * x[i]);
        double t8 = sin(a * x[i] + 8) * exp(-c[8] * x[i] * x[i]);
        double t9 = sin(a * x[i] + 9) * exp(-c[9] * x[i] * x[i]);
        double t10 = sin(a * x[i] + 10) * exp(-c[10] * x[i] * x[i]);
        double t11 = sin(a * x[i] + 11) * exp(-c[11] * x[i] * x[i]);
        double t12 = sin(a * x[i] + 12) * exp(-c[12] * x[i] * x[i]);
        double t13 = sin(a * x[i] + 13) * exp(-c[13] * x[i] * x[i]);
        double t14 = sin(a * x[i] + 14) * exp(-c[14] * x[i] * x[i]);
        double t15 = sin(a * x[i] + 15) * exp(-c[15] * x[i] * x[i]);
        double t16 = sin(a * x[i] + 16) * exp(-c[16] * x[i] * x[i]);
        double t17 = sin(a * x[i] + 17) * exp(-c[17] * x[i] * x[i]);
        s += t0 + 0.5 * t1 + t2 - t3 + t4 + 0.5 * t5 + t6 - t7 + t8 + 0.5 * t9 + t10 - t11 + t12
             + 0.5 * t13 + t14 - t15 + t16 + 0.5 * t17;
    }
    return s;
}

#pragma ad grad(waves) wrt(x[n], c[18], a)
