// CFLAGS: -Wno-unused-but-set-variable
/* A local that is set and never read (PARSEC blackscholes' xStockPrice,
** which the user's build silences with -Wno-unused-but-set-variable) came
** out as `double copy = x;`, an unused variable, a warning that flag does
** not silence (probe10): simplify_decl.c no longer merges a declaration
** with a store nothing reads after. grad and jvp against the closed form. */
#include <math.h>
#include "ccad_oracle.h"

double f(double x)
{
    double copy;
    copy = x;
    return x * x;
}

#pragma ad grad(f)
#pragma ad jvp(f)

#include "dead_local_set_only.ad.h"

int main(void)
{
    double g = 0, d = 0;
    CHECK_CLOSE("primal", f_grad(1.5, &g), 2.25, 0, 0);
    CHECK_CLOSE("grad", g, 3.0, 1e-15, 0);
    CHECK_CLOSE("jvp primal", f_jvp(1.5, 1.0, &d), 2.25, 0, 0);
    CHECK_CLOSE("jvp", d, 3.0, 1e-15, 0);
    return oracle_result();
}
