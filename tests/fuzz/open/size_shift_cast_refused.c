/* OPEN (probe8): WRONGLY REFUSED / BAD DIAGNOSTIC: a size clause using a
** shift, a bitwise operator or a cast is refused: wrt(x[1 << logn]) ->
** "bad size expression for 'x': unexpected text after the expression" (also
** >>, &, |, ^, ~), and wrt(y[(size_t)n]) -> "bad size expression for 'y':
** 'size_t' is not a parameter of the function" (a type name read as a
** parameter; likewise (long)n, (int)m). Contract section 2: "`[size]` after
** a pointer parameter is its element count, a C expression over f's
** parameters"; power-of-two lengths (FFTs, wavelets: n = 1 << logn) and
** casts of size_t counts are how C code writes them, and % / ?: && already
** work. (A function-like macro, wrt(x[SQ(n)]) with #define SQ(a)
** ((a)*(a)), is refused as "it calls 'SQ', which the generated code may
** not see": it is a macro, not a call; the manual promises object-like
** macros only, so that one is minor.) Expected: exit 0 and the gradients below; got exit 1.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w size_shift_cast_refused.c */
#include <math.h>
#include <stddef.h>
#include "ccad_oracle.h"

/* one level of the Haar transform of x[2^logn], energy of the details */
double haar_detail(const double *x, int logn)
{
    int n = 1 << logn;
    double e = 0;
    for (int i = 0; i < n / 2; i++) {
        double d = (x[2 * i] - x[2 * i + 1]) * 0.7071067811865476;
        e += d * d;
    }
    return e;
}

double sumcube(const double *y, long n)
{
    double s = 0;
    for (long i = 0; i < n; i++)
        s += y[i] * y[i] * y[i];
    return s;
}

#pragma ad grad(haar_detail) wrt(x[1 << logn])
#pragma ad grad(sumcube) wrt(y[(size_t)n])

#include "size_shift_cast_refused.ad.h"

int main(void)
{
    double x[8] = {0.1, 0.5, -0.2, 0.3, 1.0, 0.9, -0.4, 0.6}, g[8];
    haar_detail_grad(x, g, 3);
    for (int i = 0; i < 4; i++) {
        double d = x[2 * i] - x[2 * i + 1];
        CHECK_CLOSE("haar even", g[2 * i], d, 1e-12, 1e-14);
        CHECK_CLOSE("haar odd", g[2 * i + 1], -d, 1e-12, 1e-14);
    }
    sumcube_grad(x, g, 8L);
    for (int i = 0; i < 8; i++)
        CHECK_CLOSE("sumcube", g[i], 3 * x[i] * x[i], 1e-12, 1e-14);
    return oracle_result();
}
