// CFLAGS: -O2
/* OPEN (probe13): DOES NOT COMPILE warning-free at -O2: the f2c idiom `--x`
** (1-based indexing through a decremented pointer parameter) in a function
** under hessian: the generated sweep gets the lanes of x_bar from a local
** array (a local double d_x_bar[5][5] in objfn_hessian_sweep) and decrements that
** pointer too, which gcc -O2 -Wall reports once inlined: "array subscript -5
** is outside array bounds of 'double[5][5]'" [-Warray-bounds] (the original
** does the same to the caller's array, which gcc cannot see). Also in
** tests/cases/grad/f2c_static_work.c at -O2. Expected: the generated .ad.c
** compiles without warnings at -O2 (for example by offsetting the index
** instead of the pointer, or keeping the lanes behind a pointer gcc cannot
** bound); got -Warray-bounds, an error under -Werror. Derivatives are right.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w tests/fuzz/open/f2c_hess_o2.c */
#include <math.h>
#include "ccad_oracle.h"

double objfn(double *x, const double *c)
{
    double s = 0;
    --x;
    for (int j = 1; j <= 5; ++j) s += exp(*c * x[j]) * x[j];
    return s;
}

#pragma ad hessian(objfn) wrt(x[5])

#include "f2c_hess_o2.ad.h"

int main(void)
{
    double x[5] = {0.1, 0.2, -0.3, 0.4, 0.5}, c = 0.7, H[25];
    objfn_hessian(x, &c, H);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            double e = exp(c * x[i]);
            CHECK_CLOSE("hessian", H[i * 5 + j], i == j ? e * (2 * c + c * c * x[i]) : 0.0, 1e-12, 1e-14);
        }
    return oracle_result();
}
