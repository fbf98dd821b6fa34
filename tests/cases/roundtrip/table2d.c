/*
** roundtrip/table2d: two-dimensional file-scope tables, `static const` and
** plain `const`, read by the differentiated function (contract section 4:
** file-scope const tables and static const data are copied into the
** generated file).
*/
#include "roundtrip.h"

static const double coef[2][3] = {{1.0, -2.0, 0.5}, {0.25, 3.0, -1.5}};
const double gain[3][2] = {{1, 2}, {3, 4}, {5, 6}};

double table2d(const double *x)
{
    double s = 0.0;
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 3; c++)
            s += coef[r][c] * x[r * 3 + c] * gain[c][r];
    return s;
}

#pragma ad jvp(table2d) wrt(x[6])

#include "table2d.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(18);
    rt_begin("table2d");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[6];
        oracle_fill_uniform(&rng, x, 6, -2, 2);
        rt_cmp(table2d_primal(x), table2d(x), i);
    }
    rt_end();
    return oracle_result();
}
