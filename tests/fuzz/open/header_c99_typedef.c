/* OPEN (probe8): DOES NOT COMPILE (header on its own under -std=c99): when
** FILE.c includes its own FILE.ad.h, the header declares a typedef'd struct
** of FILE.c as `struct P;` plus `typedef struct P P;` guarded by
** `#if ... __STDC_VERSION__ >= 201112L` (C99 forbids repeating a typedef),
** and then writes the prototypes with the typedef name `P`; under -std=c99
** the typedef is skipped and a file that includes only FILE.ad.h fails:
** "unknown type name 'P'". The prototypes could name the type as
** `struct P`, which needs no typedef in any C version. Contract section 1:
** "cc-ad reads one C translation unit (C99/C11 ...)" and the generated code
** compiles "with the same flags"; section 3: "FILE.ad.h can be included on
** its own". Expected: with CFLAGS -std=c99, run_case step 3b passes; got
** "unknown type name 'P'".
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w header_c99_typedef.c */
// CFLAGS: -std=c99
#include <math.h>
#include "ccad_oracle.h"

typedef struct P { double k; } P;

double fs(const P *p, const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += p->k * sin(x[i]);
    return s;
}

#pragma ad grad(fs) wrt(x[n])

#include "header_c99_typedef.ad.h"

int main(void)
{
    P p = {2.0};
    double x[2] = {0.5, -1.0}, g[2];
    fs_grad(&p, x, g, 2);
    for (int i = 0; i < 2; i++)
        CHECK_CLOSE("g", g[i], 2.0 * cos(x[i]), 1e-12, 0);
    return oracle_result();
}
