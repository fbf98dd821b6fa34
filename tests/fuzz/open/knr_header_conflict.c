/* OPEN (probe8): DOES NOT COMPILE: FILE.ad.h declares the original
** function with a prototype built from a K&R definition, so a FILE.c that
** includes its FILE.ad.h (the usual way) no longer compiles: for
** `double fk(a, b) float a; double b; {...}` gcc says "conflicting types
** for 'fk'; have 'double(float, double)'" (the K&R parameter is promoted to
** double), and for `double sq(x, n) const double *x; int n;` gcc -Wall
** says "prototype for 'sq' follows non-prototype definition". K&R
** definitions are C99/C11 (obsolescent, not removed); contract section 1:
** "cc-ad reads one C translation unit (C99/C11 ...)", section 3: FILE.ad.h
** holds the prototypes. Expected: the case compiles warning-free (declare
** such a function by its promoted types, or not at all), and the gradients
** are right; else an error at the K&R definition.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w knr_header_conflict.c */
#include <math.h>
#include "ccad_oracle.h"

double sq(x, n)
    const double *x;
    int n;
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

double fk(a, b)
    float a;
    double b;
{
    return a * sin(b);
}

#pragma ad grad(sq) wrt(x[n])
#pragma ad grad(fk) wrt(a, b)

#include "knr_header_conflict.ad.h"

int main(void)
{
    double x[3] = {1, 2, 3}, g[3];
    sq_grad(x, g, 3);
    for (int i = 0; i < 3; i++)
        CHECK_CLOSE("sq", g[i], 2 * x[i], 1e-12, 0);
    float ab = 0;
    double bb = 0;
    fk_grad(0.5f, &ab, 0.7, &bb);
    CHECK_CLOSE("fk grad a", ab, sin(0.7), 1e-6, 0);
    CHECK_CLOSE("fk grad b", bb, 0.5 * cos(0.7), 1e-7, 0);
    return oracle_result();
}
