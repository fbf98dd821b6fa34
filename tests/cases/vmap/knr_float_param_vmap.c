/* vmap/knr_float_param_vmap: vmap of a K&R definition with a float
** parameter, `double fk(a, b) float a; double b; {...}`, which takes its
** float promoted to double. f_vmap calls the original, and FILE.ad.c
** declared it `double fk(float a, double b);`: the float was passed
** unpromoted, and fk_vmap returned 0 where fk gives a*sin(b), silently.
** FILE.ad.c now declares a K&R function of FILE.c with the promoted types
** (`double fk(double a, double b);`, compatible with the definition).
** This case does not include FILE.ad.h (grad/knr_header_conflict.c does).
** Oracle: fk's closed form. */
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include "ccad_oracle.h"

double fk(a, b)
    float a;
    double b;
{
    return a * sin(b);
}

#pragma ad vmap(fk) batch(a, b)

void fk_vmap(int batch, const float *a, const double *b, double *ret);

int main(void)
{
    float a[2] = {0.5f, 1.5f};
    double b[2] = {0.7, -0.2}, r[2];
    fk_vmap(2, a, b, r);
    for (int k = 0; k < 2; k++)
        CHECK_CLOSE("fk_vmap", r[k], a[k] * sin(b[k]), 1e-7, 0);
    return oracle_result();
}
