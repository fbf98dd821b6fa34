// EXPECT-EXIT: 1
// EXPECT-DIAG: fnptr_static_target
// EXPECT-STDERR: error: the address of the static function 'sq' is taken here, in 'acts', a table the generated file shares
/* A file-scope table of activation functions that is neither static nor
** const, `act_fn acts[2] = {sq, cube};`, whose entries are static
** functions of FILE.c: FILE.ad.c shares the table (extern), so its entries
** are the originals' addresses, which the dispatch of f_grad compared with
** its own copies and matched none (run-time stop). Refused at the
** initializer; a static table nothing writes, or a const one, is copied
** with the copies' addresses and works (grad/fnptr_table_static_copied.c). */
#include <math.h>
#include "ccad_oracle.h"

typedef double (*act_fn)(double);
static double sq(double z) { return z * z; }
static double cube(double z) { return z * z * z; }
act_fn acts[2] = {sq, cube};

double f(const double *x, const int *which, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += acts[which[i]](x[i]);
    return s;
}

#pragma ad grad(f) wrt(x[n])

#include "fnptr_table_static_functions.ad.h"

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
