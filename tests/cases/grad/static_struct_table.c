/* File-scope static structs (an array of them, a Butcher-like table, and
** one alone) that nothing in FILE.c writes, read by the differentiated
** function: FILE.ad.c copies them with their initializers, as it does
** static arrays of doubles (they were refused as unreachable statics).
** The gradient is checked against its closed form. */
#include <math.h>
#include "ccad_oracle.h"

struct Stage { double c, w; };
static struct Stage stages[3] = {{0.0, 1.0 / 6}, {0.5, 2.0 / 3}, {1.0, 1.0 / 6}};
static struct Stage single = {0.25, 2.0};

double quad(const double *p)
{
    double s = 0;
    for (int k = 0; k < 3; k++)
        s += stages[k].w * sin(p[0] * stages[k].c + p[1]);
    return s + single.w * p[0] * single.c;
}

#pragma ad grad(quad) wrt(p[2])

#include "static_struct_table.ad.h"

int main(void)
{
    double p[2] = {0.7, -0.3}, g[2], w0 = 0.5, w1 = 0;
    quad_grad(p, g);
    for (int k = 0; k < 3; k++) {
        w0 += stages[k].w * stages[k].c * cos(p[0] * stages[k].c + p[1]);
        w1 += stages[k].w * cos(p[0] * stages[k].c + p[1]);
    }
    CHECK_CLOSE("d/dp0", g[0], w0, 1e-12, 1e-14);
    CHECK_CLOSE("d/dp1", g[1], w1, 1e-12, 1e-14);
    return oracle_result();
}
