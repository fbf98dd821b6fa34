/* OPEN (probe7): DOES NOT COMPILE, FILE.ad.h on its own (every mode).
** FILE.c includes an umbrella header ("header_transitive_umbrella.h")
** that includes the header declaring a type of the generated signatures
** (Vec2, in "header_transitive_vec.h"). FILE.ad.h then has neither include
** nor a declaration of Vec2: a file that includes only FILE.ad.h (the
** user's main.c, step 3b of run_case.sh) fails with "unknown type name
** 'Vec2'". When FILE.c includes the declaring header itself, or the type
** is declared in the header FILE.c includes, FILE.ad.h includes that
** header (with a path relative to the output, also under -o elsewhere),
** and it works. The contract (section 3): "FILE.ad.h can be included on
** its own: it includes ccad.h and the #include "..." headers of FILE.c
** that declare types used in generated signatures" (the umbrella header
** is such a header: it declares Vec2 through its include). Found with a
** CMake-style layout (src/model.c including "model.h" including
** "inc/vec.h", cc-ad -o build/gen/model.ad.c), same result.
** Run: tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/header_transitive_type.c  (fails at 3b)
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
