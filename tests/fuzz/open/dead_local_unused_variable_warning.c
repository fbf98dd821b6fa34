// CFLAGS: -Wno-unused-but-set-variable
/* OPEN (probe10): WARNING IN GENERATED CODE: a local that is assigned but never read (a "set
** but not used" variable, which the user's build silences with -Wno-unused-but-set-variable)
** comes out of cc-ad as an initialised declaration `double copy = x;` that nothing reads, so
** gcc -Wall warns `unused variable 'copy' [-Wunused-variable]` in f_grad and f_jvp (and the
** build fails under -Werror), a warning class the original file does not trigger with the
** user's flags. Expected: the generated .ad.c compiles warning-free with the flags that compile
** FILE.c warning-free (drop the dead store, or mark it (void)copy). Contract section 1: "The
** generated .ad.c compiles on its own with the same flags". Found in PARSEC 3.0 blackscholes
** (BlkSchlsEqEuroNoDiv: `xStockPrice = sptprice; xStrikePrice = strike;`, never read), which
** is otherwise differentiated correctly (grad, hessian, vmap(grad)).
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w
**      tests/fuzz/open/dead_local_unused_variable_warning.c */
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

#include "dead_local_unused_variable_warning.ad.h"

int main(void)
{
    double g = 0, d = 0;
    CHECK_CLOSE("primal", f_grad(1.5, &g), 2.25, 0, 0);
    CHECK_CLOSE("grad", g, 3.0, 1e-15, 0);
    CHECK_CLOSE("jvp primal", f_jvp(1.5, 1.0, &d), 2.25, 0, 0);
    CHECK_CLOSE("jvp", d, 3.0, 1e-15, 0);
    return oracle_result();
}
