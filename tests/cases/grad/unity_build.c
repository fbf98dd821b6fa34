/*
** grad/unity_build: FILE.c includes another .c file (a unity build) whose
** types, constant table, helpers and non-static functions the derivative
** code uses. FILE.ad.c never includes a .c file (contract section 4): the
** included file is part of FILE.c's own text, so its types are defined,
** its static data copied and its functions declared or differentiated as
** FILE.c's are (FILE.ad.c included it, which defined wrap_index and
** smooth_at a second time: the link failed). Oracles: central differences
** and the dot-product test with jvp (oracle_check_*).
*/
#include "unity/kernels.c"

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double f(const double *x, int n)
{
    Kernel kr = {1.5, 3};
    double s = 0;
    for (int i = 0; i < n; i++) {
        double v = smooth_at(x, n, i);
        s += soft(v * x[wrap_index(i + kr.period, n)], &kr);
    }
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "unity_build.ad.h"

ORACLE_XN_CASE(f, 8, 11)
