/*
** jac/typedef_fnptr: a file-scope typedef
** of a function-pointer type in the differentiated file.
**     typedef double (*scalar_fn)(const double *x);
** Regression: cc-ad copies the typedefs of FILE.c into FILE.ad.h (contract section 3:
** the header "declares types defined in FILE.c itself") and FILE.ad.c, but
** wrote this one, in both, as
**     typedef double (*)(const double *) scalar_fn;
** which is not C: the case and the generated .ad.c did not compile
** ("expected identifier or '(' before ')' token"); with the line corrected
** by hand to `typedef double (*scalar_fn)(const double *);` it passed. The
** typedef is not even used by a generated signature. Checked: the
** Hessian of fv(x) = sum x^2 + x1 x2 (seed 003) through the typedef'd
** pointer equals the closed form.
*/
#include <math.h>

#include "ccad_oracle.h"

typedef double (*scalar_fn)(const double *x);

double fv(const double *x)
{
    double s = 0.0;
    for (int i = 0; i < 3; i++)
        s += x[i] * x[i];
    return s + x[1] * x[2];
}

#pragma ad hessian(fv) wrt(x[3])

#include "typedef_fnptr.ad.h"

static double call(scalar_fn f, const double *x)
{
    return f(x);
}

int main(void)
{
    const double x[3] = {1.0, 2.0, 3.0};
    const double want[9] = {2, 0, 0, 0, 2, 1, 0, 1, 2};
    double H[9];
    double r = fv_hessian(x, H);
    CHECK_CLOSE("fv_hessian returns fv", r, call(fv, x), 0.0, 0.0);
    CHECK_VEC_CLOSE("fv hessian closed form", H, want, 9, ORACLE_RTOL_EXACT, 1e-15);
    return oracle_result();
}
