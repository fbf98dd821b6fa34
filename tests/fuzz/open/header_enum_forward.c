/* OPEN (probe8): DOES NOT COMPILE (header on its own, -pedantic): a
** generated signature with an enum parameter (`typedef enum Mode { LOW,
** HIGH } Mode;` defined in FILE.c) makes FILE.ad.h declare the enum
** forward, `typedef enum Mode Mode;`, which ISO C forbids: gcc -std=c11
** -pedantic -Werror: "ISO C forbids forward references to 'enum' types"
** (and a C++ compiler, for which the header has an extern "C" block, rejects
** an opaque enum without an underlying type). Contract section 3: "FILE.ad.h
** can be included on its own: it ... declares types defined in FILE.c
** itself that those signatures need"; the generated code must compile
** warning-free (run_case step 3b uses -pedantic). Expected: the header
** defines the enum (its enumerators are constants) or uses int; got the
** error above.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w header_enum_forward.c */
#include <math.h>
#include "ccad_oracle.h"

typedef enum Mode { LOW, HIGH } Mode;

double f(const double *x, Mode m)
{
    return x[0] * x[1] * (m == HIGH ? 2.0 : 1.0);
}

#pragma ad grad(f) wrt(x[2])

#include "header_enum_forward.ad.h"

int main(void)
{
    double x[2] = {0.5, 3.0}, g[2];
    f_grad(x, g, HIGH);
    CHECK_CLOSE("g0", g[0], 6.0, 1e-12, 0);
    CHECK_CLOSE("g1", g[1], 1.0, 1e-12, 0);
    return oracle_result();
}
