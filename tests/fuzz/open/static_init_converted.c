/* OPEN (probe8): WRONGLY REFUSED / BAD DIAGNOSTIC: a static local whose
** initializer is a plain number of another type than the variable, or a
** negative number, is refused with "the initializer of static local 'n' is
** an expression cc-ad does not evaluate; write its value as a number",
** though it is a number: `static long n = 0;`, `static double t = 1;`,
** `static int k = -3;`, `static unsigned long seed = 12345;` (only a literal
** of exactly the variable's type passes: `static int k = 3;`, `static
** double t = 1e3;`); also `static double *buf = NULL;` (a scratch pointer
** allocated on first use) gets the same message. These are C's ordinary ways to write them (the literal
** is converted implicitly; -3 is a unary minus). Contract section 4: "calls
** that carry no derivative (printf, I/O, random numbers, counters), which run
** exactly as often as in the original" and the manual's "static scalars:
** counters keep counting" promise they work; the counters here carry no
** derivative and do not reach the output. Expected: exit 0 and the
** gradient below; got exit 1 with that error.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w static_init_converted.c */
#include <math.h>
#include "ccad_oracle.h"

long seen;

double f(const double *x, int n)
{
    static long ncall = 0;        /* int literal converted to long */
    static int down = -3;         /* unary minus */
    static double scale = 1;      /* int literal converted to double, inactive */
    ncall++;
    down--;
    seen = ncall + down;
    double s = 0;
    for (int i = 0; i < n; i++)
        s += sin(x[i]) * x[i] * scale;
    return s;
}

#pragma ad grad(f) wrt(x[n])

#include "static_init_converted.ad.h"

int main(void)
{
    double x[3] = {0.3, -0.4, 1.2}, g[3];
    f_grad(x, g, 3);
    for (int i = 0; i < 3; i++)
        CHECK_CLOSE("grad", g[i], cos(x[i]) * x[i] + sin(x[i]), 1e-12, 1e-14);
    return oracle_result();
}
