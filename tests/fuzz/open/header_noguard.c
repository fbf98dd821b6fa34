/* OPEN (probe8): DOES NOT COMPILE (header on its own): a type used in a
** generated signature comes from a user header that has no include guard
** (header_noguard_types.h: `typedef struct Prm {...} Prm;`, no #ifndef /
** #pragma once). FILE.ad.h then neither includes that header (right: FILE.c
** includes both it and FILE.ad.h, and a second inclusion would redefine
** the struct) nor declares the type itself, so a file that includes only
** FILE.ad.h fails: "unknown type name 'Prm'". With a guard the header is
** included and all is well. Contract section 3: "FILE.ad.h can be included
** on its own: it includes ccad.h and the #include "..." headers of FILE.c
** that declare types used in generated signatures". Expected: FILE.ad.h
** declares what the signatures need (struct Prm; and its typedef, as it
** does for types of FILE.c itself); got run_case step 3b failing.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w header_noguard.c */
#include <math.h>
#include "header_noguard_types.h"
#include "ccad_oracle.h"

double f(const Prm *p, const double *x)
{
    return p->k * sin(x[0]) * x[1];
}

#pragma ad grad(f) wrt(x[2])

#include "header_noguard.ad.h"

int main(void)
{
    Prm p = {2.0, 1};
    double x[2] = {0.5, 3.0}, g[2];
    f_grad(&p, x, g);
    CHECK_CLOSE("g0", g[0], 2.0 * cos(0.5) * 3.0, 1e-12, 0);
    CHECK_CLOSE("g1", g[1], 2.0 * sin(0.5), 1e-12, 0);
    return oracle_result();
}
