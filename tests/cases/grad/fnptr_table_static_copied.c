/* grad/fnptr_table_static_copied: a static table of activation functions
** that nothing writes, `static act_fn acts[2] = {sq, cube};`, entries
** static functions, called as acts[which[i]](x[i]) inside f. It was
** refused as a static FILE.ad.c cannot reach (only arithmetic statics
** nothing writes were copied); a function-pointer table is copied now, its
** entries then FILE.ad.c's copies of sq and cube, the very addresses its
** dispatch compares with. Oracle: closed forms. */
#include <math.h>
#include "ccad_oracle.h"

typedef double (*act_fn)(double);
static double sq(double z) { return z * z; }
static double cube(double z) { return z * z * z; }
static act_fn acts[2] = {sq, cube};

double f(const double *x, const int *which, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += acts[which[i]](x[i]);
    return s;
}

#pragma ad grad(f) wrt(x[n])

#include "fnptr_table_static_copied.ad.h"

int main(void)
{
    double x[3] = {0.5, -1.5, 2.0}, g[3];
    int w[3] = {0, 1, 1};
    f_grad(x, g, w, 3);
    CHECK_CLOSE("g0", g[0], 1.0, 1e-12, 0);
    CHECK_CLOSE("g1", g[1], 3 * 2.25, 1e-12, 0);
    CHECK_CLOSE("g2", g[2], 12.0, 1e-12, 0);
    return oracle_result();
}
