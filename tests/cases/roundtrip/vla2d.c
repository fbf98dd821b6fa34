/*
** roundtrip/vla2d: a two-dimensional VLA, double u[n][m + 1], filled and
** read with u[i][j] (rows of length m + 1). The lowered declaration must
** keep the dimensions in order.
*/
#include "roundtrip.h"

double vla2d(const double *x, int n, int m)
{
    double u[n][m + 1];
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= m; j++)
            u[i][j] = x[i] * (j + 1) + j;
    double s = 0.0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= m; j++)
            s += u[i][j] * (i + 1) + (double)sizeof u[i] / sizeof(double);
    return s;
}

#pragma ad jvp(vla2d) wrt(x[n])

#include "vla2d.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(19);
    rt_begin("vla2d");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[7];
        oracle_fill_uniform(&rng, x, 7, -2, 2);
        int n = 1 + i % 7, m = i % 5;
        rt_cmp(vla2d_primal(x, n, m), vla2d(x, n, m), i);
    }
    rt_end();
    return oracle_result();
}
