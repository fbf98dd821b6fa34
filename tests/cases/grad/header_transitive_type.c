/* FILE.ad.h can be included on its own (contract section 3) when a type of
** the generated signatures (Vec2, in "header_transitive_vec.h") reaches
** FILE.c through an umbrella header without include guard
** ("header_transitive_umbrella.h", which FILE.ad.h cannot include: FILE.c's
** includers have it already and it may define things): FILE.ad.h includes
** the guarded headers the umbrella includes instead. run_case.sh's step 3b
** compiles a file holding only '#include "FILE.ad.h"' (twice); it failed
** with "unknown type name 'Vec2'". The gradient is checked against its
** closed form: d/dx_i = y_i + cos(x_i), d/dy_i = x_i (exact to rounding).
*/
#include <math.h>
#include "ccad_oracle.h"
#include "header_transitive_umbrella.h"

double energy(const Vec2 *p, int n)
{
    double e = 0;
    for (int i = 0; i < n; i++)
        e += p[i].x * p[i].y + sin(p[i].x);
    return e;
}

#pragma ad grad(energy) wrt(p[n])

#include "header_transitive_type.ad.h"

int main(void)
{
    Vec2 p[2] = {{1, 2}, {3, 4}}, g[2];
    energy_grad(p, g, 2);
    CHECK_CLOSE("d/dx0", g[0].x, 2 + cos(1.0), 1e-15, 0);
    CHECK_CLOSE("d/dy1", g[1].y, 3, 1e-15, 0);
    return oracle_result();
}
