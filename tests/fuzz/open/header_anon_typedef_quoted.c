/* OPEN (probe9): DOES NOT COMPILE: a typedef of an untagged struct that
** FILE.c gets from a quoted header WITHOUT an include guard (model.h:
** `typedef struct { double w[4]; int n; } Net;`, as small projects write
** it) and that a generated signature uses: FILE.ad.h neither includes that
** header (right: the manual says unguarded headers are not included again)
** nor declares Net in a usable way; it writes the line
**     Net;
** before the prototypes. FILE.ad.c (which includes the header and then
** FILE.ad.h) then gets gcc's default "warning: useless type name in empty
** declaration", so the -Wall -Wextra -Werror compile of FILE.ad.c fails,
** and FILE.ad.h on its own fails ("type defaults to int", "expected ';'
** before '*'"). Same with --ad instead of the pragma, with -o elsewhere
** (-p build/), and whether or not FILE.c includes FILE.ad.h; with a guard
** (#ifndef or #pragma once) the header is included and all is well.
** Expected: no stray "Net;" line; FILE.ad.c compiles warning-free (contract
** section 1: "The generated .ad.c compiles on its own with the same flags").
** What FILE.ad.h can declare instead is the manual's call (FILES, FILE.ad.h:
** "for a type declared in the unguarded header itself, the prototypes name
** a struct by its tag" - this struct has none); at the least FILE.ad.c must
** compile, and FILE.ad.h should not emit an invalid declaration. Related to
** header_anon_typedef_selfinclude.c (probe8: typedef in FILE.c itself).
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w tests/fuzz/open/header_anon_typedef_quoted.c */
#include <math.h>
#include "ccad_oracle.h"
#include "header_anon_typedef_quoted.h"

double loss(const Net *net, const double *x)
{
    double s = 0;
    for (int i = 0; i < net->n; i++)
        s += tanh(net->w[i] * x[i]);
    return s;
}

#pragma ad grad(loss) wrt(net[1])

#include "header_anon_typedef_quoted.ad.h"

int main(void)
{
    Net net = {{0.5, -0.3, 0.8, 0.1}, 4}, bar;
    double x[4] = {1.0, 2.0, -1.0, 0.5};
    double v = loss_grad(&net, &bar, x);
    CHECK_CLOSE("value", v, loss(&net, x), 0, 0);
    for (int i = 0; i < 4; i++) {
        double t = tanh(net.w[i] * x[i]);
        CHECK_CLOSE("dw", bar.w[i], (1 - t * t) * x[i], ORACLE_RTOL_EXACT, 0);
    }
    return oracle_result();
}
