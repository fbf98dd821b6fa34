/* OPEN (probe8): WRONGLY REFUSED: a file-scope static array of structs
** (and a static struct) that nothing in FILE.c writes, read by the
** differentiated function, is refused: "the derivative code uses the
** file-scope static variable 'stages', which the generated file cannot
** reach; make it 'static const', or non-static", while a static array of
** doubles that nothing writes is copied. The manual (the C that must work):
** "file-scope static scalars and arrays of FILE.c that nothing in it writes
** (f2c's table of constants ...): copied too"; an array of structs is such
** an array (a Butcher tableau, a table of material parameters), and
** contract section 4 lists "file-scope const tables and static const data
** (copied into the generated file)" and structs among the C that must work.
** Expected: exit 0 and the gradient below; got exit 1.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w static_struct_table_refused.c */
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

#include "static_struct_table_refused.ad.h"

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
